import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseTokenResponse } from '../../src/account/token-response.js';
import { SamsungAuthError } from '../../src/errors.js';

describe('normaliseTokenResponse (PROTOCOL §1.3)', () => {
  it('accepts the seed 004 response verbatim: refresh_token -1 means none', () => {
    const seed = JSON.parse(
      '{ "token_type": "Bearer", "access_token": "tok", "access_token_expires_in": 3600, "expires_in": 3600, "refresh_token": -1, "refresh_token_expires_in": -1, "userId": "y0zpz..." }',
    ) as unknown;
    assert.deepEqual(normaliseTokenResponse(seed), {
      token_type: 'Bearer',
      access_token: 'tok',
      access_token_expires_in: 3600,
      expires_in: 3600,
      userId: 'y0zpz...',
    });
  });
  it('accepts the observed variant: strings for numbers, "-1", no expires_in, extras kept', () => {
    const out = normaliseTokenResponse({
      access_token: 'tok', token_type: 'bearer', access_token_expires_in: '863909', refresh_token: '-1',
      refresh_token_expires_in: '-1', userId: 'u1', client_id: 'c', api_server_url: 'api.example', inputEmailID: 'a@b',
    });
    assert.equal(out.expires_in, 863909);
    assert.equal(out.refresh_token, undefined);
    assert.equal(out.refresh_token_expires_in, undefined);
    assert.equal(out.api_server_url, 'api.example');
  });
  it('keeps a real refresh token', () => {
    const out = normaliseTokenResponse({ access_token: 't', userId: 'u', refresh_token: 'r', refresh_token_expires_in: '99' });
    assert.equal(out.refresh_token, 'r');
    assert.equal(out.refresh_token_expires_in, 99);
    assert.equal(out.token_type, 'Bearer');
  });
  for (const [name, body] of [
    ['null', null], ['an array', []], ['a string', 'x'], ['no access_token', { userId: 'u' }],
    ['a numeric access_token', { access_token: 1, userId: 'u' }], ['no userId', { access_token: 't' }],
  ] as const) {
    it(`refuses ${name} with UPSTREAM_INVALID_RESPONSE`, () => {
      assert.throws(() => normaliseTokenResponse(body), (e: unknown) => e instanceof SamsungAuthError && e.code === 'UPSTREAM_INVALID_RESPONSE' && e.status === 502);
    });
  }
  it('passes OAuth error bodies through for the client to report', () => {
    assert.deepEqual(normaliseTokenResponse({ error: 'invalid_grant' }), { error: 'invalid_grant' });
  });
});
