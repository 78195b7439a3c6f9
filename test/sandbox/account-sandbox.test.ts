/** The sandbox is strict where Samsung is strict (PROTOCOL §3). */
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { TestBrowser, hiddenField, formAction } from '../helpers/browser.js';

/** A request with exactly these headers (Host included), as a browser tricked by DNS rebinding would send. */
function rawRequest(base: string, path: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const REDIRECT = 'http://127.0.0.1:1/auth/callback';

describe('sandbox: Samsung Account', () => {
  let sandbox: Sandbox;
  let clock = Date.now();
  before(async () => {
    sandbox = await startSandbox({ redirectUris: [REDIRECT], now: () => clock });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    clock = Date.now();
  });

  function gateUrl(params: Record<string, string>, alias = sandbox.client.aliasId): string {
    const url = new URL(`${sandbox.accountUrl}/accounts/v1/${alias}/signInGate`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }
  const good = () => ({ client_id: sandbox.client.clientId, response_type: 'CODE', redirect_uri: REDIRECT, state: 'st' });

  async function code(): Promise<string> {
    const b = new TestBrowser();
    const page = await b.get(gateUrl(good()));
    assert.equal(page.status, 200);
    const user = sandbox.demoUsers[0]!;
    const action = formAction(page.body, `value="${user.id}"`)!;
    const hop = await b.post(new URL(action, sandbox.url).toString(), { request: hiddenField(page.body, 'request')!, userId: user.id, decision: 'approve' });
    assert.equal(hop.status, 303);
    const location = new URL(hop.location!);
    assert.equal(location.origin + location.pathname, REDIRECT);
    assert.equal(location.searchParams.get('state'), 'st');
    assert.equal(location.searchParams.get('code_expires_in'), '300');
    assert.ok(location.searchParams.get('auth_server_url'));
    return location.searchParams.get('code')!;
  }

  function token(fields: Record<string, string>, contentType = 'application/x-www-form-urlencoded') {
    const body = contentType.includes('json') ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
    return fetch(sandbox.tokenUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
  }
  const exchange = (c: string) => ({
    grant_type: 'authorization_code',
    code: c,
    client_id: sandbox.client.clientId,
    client_secret: sandbox.client.clientSecret,
    redirect_uri: REDIRECT,
  });

  for (const [name, params, alias] of [
    ['unknown client_id', { client_id: 'nobody' }, undefined],
    ['wrong ALIAS_ID', {}, 'other-alias'],
    ['response_type other than CODE', { response_type: 'code' }, undefined],
    ['unregistered redirect_uri', { redirect_uri: 'http://127.0.0.1:1/other' }, undefined],
    ['no state', { state: '' }, undefined],
  ] as const) {
    it(`signInGate: ${name} -> error page, no redirect`, async () => {
      const res = await fetch(gateUrl({ ...good(), ...params }, alias), { redirect: 'manual' });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /refused/);
    });
  }

  it('token: the seed 004 response shape, exactly', async () => {
    const res = await token(exchange(await code()));
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'access_token_expires_in', 'expires_in', 'refresh_token', 'refresh_token_expires_in', 'token_type', 'userId']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.refresh_token, -1);
    assert.equal(body.refresh_token_expires_in, -1);
    assert.equal(body.expires_in, 3600);
    assert.equal(body.userId, sandbox.demoUsers[0]!.id);
    assert.equal(sandbox.counters.get('account.token'), 1);
  });

  it('token: the observed variant (numbers as strings, "-1", extra fields)', async () => {
    sandbox.account.setTokenResponse('observed');
    try {
      const body = (await (await token(exchange(await code()))).json()) as Record<string, unknown>;
      assert.equal(body.refresh_token, '-1');
      assert.equal(typeof body.access_token_expires_in, 'string');
      assert.equal(body.expires_in, undefined);
      assert.ok(body.inputEmailID && body.api_server_url && body.auth_server_url && body.client_id);
    } finally {
      sandbox.account.setTokenResponse('seed');
    }
  });

  it('token: a JSON body is refused (form body only)', async () => {
    const res = await token(exchange(await code()), 'application/json');
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
  });

  it('token: wrong secret -> 401 invalid_client', async () => {
    const res = await token({ ...exchange(await code()), client_secret: 'wrong' });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_client');
  });

  it('token: reused code -> 400 invalid_grant', async () => {
    const c = await code();
    assert.equal((await token(exchange(c))).status, 200);
    const again = await token(exchange(c));
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { error: string }).error, 'invalid_grant');
  });

  it('token: expired code (300 s) -> 400 invalid_grant', async () => {
    const c = await code();
    clock += 301_000;
    const res = await token(exchange(c));
    assert.equal(res.status, 400);
  });

  it('token: redirect_uri different from the authorize request -> 400 invalid_grant', async () => {
    const res = await token({ ...exchange(await code()), redirect_uri: 'http://127.0.0.1:1/other' });
    assert.equal(res.status, 400);
  });

  it('token: unknown code and wrong grant_type', async () => {
    assert.equal((await token(exchange('nope'))).status, 400);
    const res = await token({ ...exchange(await code()), grant_type: 'password' });
    assert.equal(((await res.json()) as { error: string }).error, 'unsupported_grant_type');
  });

  it('signOutGate redirects to signOutURL on a registered origin only', async () => {
    const base = `${sandbox.accountUrl}/accounts/v1/${sandbox.client.aliasId}/signOutGate?client_id=${sandbox.client.clientId}&state=s`;
    const ok = await fetch(`${base}&signOutURL=${encodeURIComponent('http://127.0.0.1:1/')}`, { redirect: 'manual' });
    assert.equal(ok.status, 302);
    assert.equal(ok.headers.get('location'), 'http://127.0.0.1:1/');
    const evil = await fetch(`${base}&signOutURL=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' });
    assert.equal(evil.status, 400);
    assert.equal(sandbox.counters.get('account.signOutGate'), 2);
  });

  it('faults and counters are reachable over HTTP for out-of-process tests, with the control token', async () => {
    const control = { 'x-sandbox-control-token': sandbox.controlToken };
    const set = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...control },
      body: JSON.stringify({ route: 'account.token', fault: { kind: 'status', status: 503 } }),
    });
    assert.equal(set.status, 204);
    assert.equal((await token(exchange('x'))).status, 503);
    assert.equal((await token(exchange('x'))).status, 400, 'the fault applied once');
    const counters = (await (await fetch(`${sandbox.url}/__sandbox/counters`, { headers: control })).json()) as Record<string, number>;
    assert.equal(counters['account.token'], 2);
  });

  it('control calls need the control token and a loopback Host (no DNS rebinding), and faults are bounded', async () => {
    const fault = JSON.stringify({ route: 'account.signInGate', fault: { kind: 'redirect', location: 'https://evil.example/' }, times: -1 });
    const post = (headers: Record<string, string>, body = fault) =>
      rawRequest(sandbox.url, '/__sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const token = { 'x-sandbox-control-token': sandbox.controlToken };
    assert.equal((await post({})).status, 403, 'no token');
    assert.equal((await post({ 'x-sandbox-control-token': 'x'.repeat(sandbox.controlToken.length) })).status, 403, 'a wrong token');
    // A page on attacker.example whose name now resolves to 127.0.0.1: the browser sends its own Host.
    assert.equal((await post({ ...token, host: 'attacker.example' })).status, 403, 'a foreign Host');
    assert.equal((await rawRequest(sandbox.url, '/__sandbox/counters', { headers: { host: 'attacker.example' } })).status, 403);
    assert.equal((await rawRequest(sandbox.url, '/__sandbox/reset', { method: 'POST', headers: {} })).status, 403);
    const gate = await fetch(`${sandbox.accountUrl}/accounts/v1/${sandbox.client.aliasId}/signInGate?client_id=${sandbox.client.clientId}`, { redirect: 'manual' });
    assert.notEqual(gate.status, 302, 'no redirect fault was injected by the refused calls');
    for (const [name, body] of [
      ['a huge body', { route: 'account.token', fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 * 1024 } }],
      ['a day-long delay', { route: 'account.token', fault: { kind: 'delay', ms: 86_400_000 } }],
      ['a 1 MB error body', { route: 'account.token', fault: { kind: 'status', status: 500, body: { pad: 'x'.repeat(20_000) } } }],
      ['an endless repeat', { route: 'account.token', fault: { kind: 'drop' }, times: 1e9 }],
    ] as const) {
      const res = await post(token, JSON.stringify(body));
      assert.equal(res.status, 400, name);
    }
    assert.throws(() => sandbox.addFault({ route: 'account.token', fault: { kind: 'huge-body', bytes: 1e12 } }), RangeError);
    assert.equal((await post(token, JSON.stringify({ route: 'account.token', fault: { kind: 'delay', ms: 1 } }))).status, 204, 'a bounded fault is taken');
    sandbox.reset();
  });
});
