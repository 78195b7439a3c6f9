/**
 * The sandbox's Samsung Account beyond the code exchange (PROTOCOL §1.2, §1.3a, §1.3b, §1.5):
 * refresh tokens that rotate and are single use, revocation, the XML profile, and a second
 * region whose users' codes, tokens and profiles live there only.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { TestBrowser, hiddenField, formAction } from '../helpers/browser.js';

const REDIRECT = 'http://127.0.0.1:1/auth/callback';

describe('sandbox: refresh, revoke, profile, regions', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ redirectUris: [REDIRECT], tokenResponse: 'refresh', accessTokenSeconds: 600 });
  });
  after(() => sandbox.close());

  /** signInGate -> decision for a demo user: the callback's query. */
  async function callback(userId: string): Promise<URLSearchParams> {
    const b = new TestBrowser();
    const gate = new URL(`${sandbox.accountUrl}/accounts/v1/${sandbox.client.aliasId}/signInGate`);
    for (const [k, v] of Object.entries({ client_id: sandbox.client.clientId, response_type: 'CODE', redirect_uri: REDIRECT, state: 's' })) gate.searchParams.set(k, v);
    const page = await b.get(gate.toString());
    const hop = await b.post(new URL(formAction(page.body, `value="${userId}"`)!, sandbox.url).toString(), { request: hiddenField(page.body, 'request')!, userId, decision: 'approve' });
    return new URL(hop.location!).searchParams;
  }
  const client = () => ({ client_id: sandbox.client.clientId, client_secret: sandbox.client.clientSecret });
  async function post(base: string, path: string, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  async function signIn(userId: string, base = sandbox.url) {
    const q = await callback(userId);
    const res = await post(base, '/auth/oauth2/token', { grant_type: 'authorization_code', code: q.get('code')!, redirect_uri: REDIRECT, ...client() });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { access_token: string; refresh_token: string; access_token_expires_in: number; userId: string };
  }
  const profile = (base: string, userId: string, token: string, appId = sandbox.client.clientId) =>
    fetch(`${base}/v2/profile/user/user/${userId}`, { headers: { authorization: `Bearer ${token}`, 'x-osp-appId': appId, 'x-osp-userId': userId } });

  it('PROTOCOL §1.3a: a refresh gives a new pair; the spent refresh token gets 400 invalid_grant AUT_1803', async () => {
    const first = await signIn('y0zpz1a2b3');
    assert.equal(typeof first.refresh_token, 'string');
    assert.equal(first.access_token_expires_in, 600);
    const refreshed = await post(sandbox.url, '/auth/oauth2/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token, ...client() });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refresh_token, first.refresh_token, 'rotated');
    assert.notEqual(refreshed.body.access_token, first.access_token);
    const reused = await post(sandbox.url, '/auth/oauth2/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token, ...client() });
    assert.equal(reused.status, 400);
    assert.deepEqual([reused.body.error, reused.body.error_code], ['invalid_grant', 'AUT_1803']);
    const wrongSecret = await post(sandbox.url, '/auth/oauth2/token', { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token as string, client_id: sandbox.client.clientId, client_secret: 'nope' });
    assert.equal(wrongSecret.status, 401);
    assert.equal(wrongSecret.body.error_code, 'AUT_1702');
  });

  it('PROTOCOL §1.5: the profile is XML UserVO; one user has several identifications, the other one; a wrong or revoked token gets 401', async () => {
    const parser = new XMLParser({ parseTagValue: false });
    const alex = await signIn('y0zpz1a2b3');
    const a = await profile(sandbox.url, alex.userId, alex.access_token);
    assert.equal(a.status, 200);
    assert.match(a.headers.get('content-type') ?? '', /xml/);
    const doc = parser.parse(await a.text()) as { UserVO: { userID: string; userIdentificationVO: unknown; userBaseVO: { userName: string } } };
    assert.equal(doc.UserVO.userID, 'y0zpz1a2b3');
    assert.equal(doc.UserVO.userBaseVO.userName, 'Alex Kim');
    assert.ok(Array.isArray(doc.UserVO.userIdentificationVO), 'several: a list');
    const sam = await signIn('y0zpz4c5d6');
    const s = parser.parse(await (await profile(sandbox.url, sam.userId, sam.access_token)).text()) as { UserVO: { userIdentificationVO: unknown } };
    assert.ok(!Array.isArray(s.UserVO.userIdentificationVO), 'one: a single element');
    assert.equal((await profile(sandbox.url, sam.userId, alex.access_token)).status, 401, "another user's token");
    assert.equal((await profile(sandbox.url, alex.userId, 'wrong')).status, 401);
    assert.equal((await profile(sandbox.url, alex.userId, alex.access_token, 'other-app')).status, 401, 'x-osp-appId must name the client');
    const revoked = await post(sandbox.url, '/auth/oauth2/revoke', { refresh_token: alex.refresh_token, ...client() });
    assert.equal(revoked.status, 200);
    assert.equal((await profile(sandbox.url, alex.userId, alex.access_token)).status, 401, 'revoking the refresh token ends the grant');
    const after = await post(sandbox.url, '/auth/oauth2/token', { grant_type: 'refresh_token', refresh_token: alex.refresh_token, ...client() });
    assert.equal(after.body.error_code, 'AUT_1803');
  });

  it('PROTOCOL §1.2: a user of the second region is sent there; the code, tokens and profile are good there only', async () => {
    const q = await callback('y0zpz7e8f9');
    const region = new URL(sandbox.regionUrl).host;
    assert.equal(q.get('auth_server_url'), region);
    assert.equal(q.get('api_server_url'), region);
    const atDefault = await post(sandbox.url, '/auth/oauth2/token', { grant_type: 'authorization_code', code: q.get('code')!, redirect_uri: REDIRECT, ...client() });
    assert.equal(atDefault.status, 400, 'not exchanged at the default region');
    assert.equal(atDefault.body.error_code, 'AUT_1802');
    const eva = await signIn('y0zpz7e8f9', sandbox.regionUrl);
    assert.equal((await profile(sandbox.regionUrl, eva.userId, eva.access_token)).status, 200);
    assert.equal((await profile(sandbox.url, eva.userId, eva.access_token)).status, 401, 'not valid at the default region');
    assert.ok((sandbox.counters.get('account.eu.token') ?? 0) >= 1);
    assert.equal((await callback('y0zpz1a2b3')).get('auth_server_url'), new URL(sandbox.url).host, 'others stay at the default region');
  });
});
