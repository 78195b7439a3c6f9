/**
 * What upstreams answer, however broken or hostile: typed errors, no redirect followed with a
 * secret, bodies capped, no half-made session or inventory entry. RFC 6749 §5.1/§5.2 (token
 * responses), RFC 9700 §4.11 (no redirects followed), OWASP ASVS 12.6 / 13.1.
 */
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { openSignInGate, decide, apiSession, signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import type { Fault } from '../../src/sandbox/faults.js';

describe('Samsung token endpoint answers (RFC 6749 §5.1, §5.2)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { SAMSUNG_TIMEOUT_MS: '400' } });
  });
  after(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  async function callbackWithFault(fault: Parameters<Stack['sandbox']['addFault']>[0]['fault']) {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    stack.sandbox.addFault({ route: 'account.token', fault });
    const hop = await browser.get(decision.location!);
    assert.equal((await apiSession(browser, stack.portalUrl)).status, 401, 'no signed-in session');
    assert.equal(stack.sandbox.counters.get('account.token'), 1, 'exactly one attempt (codes are single-use)');
    return hop;
  }

  const cases = [
    { name: 'down (500)', fault: { kind: 'status', status: 500 } as const, status: 502, code: 'TOKEN_EXCHANGE_FAILED' },
    { name: 'slow (hangs past the budget)', fault: { kind: 'hang' } as const, status: 504, code: 'UPSTREAM_TIMEOUT' },
    { name: 'garbage (not JSON)', fault: { kind: 'malformed' } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'null body', fault: { kind: 'status', status: 200, body: null } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'an array', fault: { kind: 'status', status: 200, body: [1] } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'no access_token', fault: { kind: 'status', status: 200, body: { token_type: 'Bearer', userId: 'u' } } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'a numeric access_token', fault: { kind: 'status', status: 200, body: { access_token: 5, userId: 'u' } } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'a redirect elsewhere', fault: { kind: 'redirect', location: 'https://evil.example/token' } as const, status: 502, code: 'UPSTREAM_REDIRECT' },
    { name: 'a 10 MB body', fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 } as const, status: 502, code: 'UPSTREAM_BODY_TOO_LARGE' },
    { name: 'a dropped connection', fault: { kind: 'drop' } as const, status: 502, code: 'UPSTREAM_UNREACHABLE' },
    { name: 'a body at 1 byte per second', fault: { kind: 'slow-body', intervalMs: 1000 } as const, status: 504, code: 'UPSTREAM_TIMEOUT' },
    { name: '429 with Retry-After (codes are single use: not retried)', fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow_down' } } as const, status: 502, code: 'TOKEN_EXCHANGE_FAILED' },
    { name: 'an OAuth error (invalid_grant)', fault: { kind: 'status', status: 400, body: { error: 'invalid_grant' } } as const, status: 502, code: 'TOKEN_EXCHANGE_FAILED' },
  ];
  for (const c of cases) {
    it(`RFC 6749 §5.1: token endpoint ${c.name} -> ${c.status} ${c.code}, one attempt, no session`, async () => {
      const hop = await callbackWithFault(c.fault);
      assert.equal(hop.status, c.status, hop.body.slice(0, 400));
      assert.match(hop.body, new RegExp(`<code>${c.code}</code>`));
    });
  }
});

describe('Galaxy /auth/accessToken answers (seed 001)', () => {
  let stack: Stack;
  let call: (method: string, path: string) => ReturnType<typeof api>;
  let id: string;
  before(async () => {
    stack = await startStack({ galaxy: { operators: ['y0zpz1a2b3'] }, env: { GALAXY_TIMEOUT_MS: '600', GALAXY_RATE_LIMIT: '1000', CIRCUIT_FAILURE_THRESHOLD: '1000' } });
    const { browser, csrf } = await signedInBrowser(stack.portalUrl, 'y0zpz1a2b3');
    call = (method, path) => api(browser, stack.portalUrl, method, path, { csrf });
    id = stack.sandbox.galaxy.demoServiceAccount.id;
  });
  after(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  const cases: { name: string; fault: Fault; code: string }[] = [
    { name: 'not JSON', fault: { kind: 'malformed' }, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'null', fault: { kind: 'status', status: 200, body: null }, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'an array', fault: { kind: 'status', status: 200, body: [{ ok: true }] }, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'no accessToken', fault: { kind: 'status', status: 200, body: { ok: true, createdItem: {} } }, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'a non-string accessToken', fault: { kind: 'status', status: 200, body: { ok: true, createdItem: { accessToken: 12345 } } }, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'a 3xx to another host (not followed)', fault: { kind: 'redirect', status: 307, location: 'https://evil.example/auth/accessToken' }, code: 'UPSTREAM_REDIRECT' },
    { name: 'a 10 MB body (capped)', fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 }, code: 'UPSTREAM_BODY_TOO_LARGE' },
  ];
  for (const c of cases) {
    it(`seed 001: an access-token answer that is ${c.name} -> 502 ${c.code}, no inventory entry`, async () => {
      const before = (await call('GET', `/api/galaxy/accounts/${id}/tokens`)).body.length as number;
      stack.sandbox.addFault({ route: 'galaxy.accessToken', fault: c.fault });
      const res = await call('POST', `/api/galaxy/accounts/${id}/token`);
      assert.equal(res.status, 502, res.text);
      assert.equal(res.body.error.code, c.code);
      assert.equal(stack.sandbox.counters.get('galaxy.accessToken'), 1);
      assert.equal((await call('GET', `/api/galaxy/accounts/${id}/tokens`)).body.length, before);
    });
  }
});
