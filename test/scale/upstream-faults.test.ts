/**
 * Sandbox faults against the Galaxy calls: a typed error within the time budget, the right
 * number of upstream attempts (counted by the sandbox), no half-made inventory entry; and the
 * circuit breaker that answers 503 at once while an upstream is failing.
 */
import { describe, it, before, after, beforeEach } from 'node:test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession, openSignInGate, decide } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import type { Fault } from '../../src/sandbox/faults.js';

const OPERATOR = 'y0zpz1a2b3';
const BUDGET_MS = 600;

describe('Galaxy upstream faults', () => {
  let stack: Stack;
  let call: (method: string, path: string) => ReturnType<typeof api>;
  let id: string;
  before(async () => {
    stack = await startStack({ galaxy: { operators: [OPERATOR] }, env: { GALAXY_TIMEOUT_MS: String(BUDGET_MS), GALAXY_RATE_LIMIT: '1000', CIRCUIT_FAILURE_THRESHOLD: '1000' } });
    const browser = new TestBrowser();
    await signIn(browser, stack.portalUrl, OPERATOR);
    const csrf = (await apiSession(browser, stack.portalUrl)).body.csrfToken as string;
    call = (method, path) => api(browser, stack.portalUrl, method, path, { csrf });
    id = stack.sandbox.galaxy.demoServiceAccount.id;
  });
  after(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  const mintCases: { name: string; fault: Fault; times?: number; status: number; code: string; attempts: number }[] = [
    { name: 'hang', fault: { kind: 'hang' }, status: 504, code: 'UPSTREAM_TIMEOUT', attempts: 1 },
    { name: 'a body at 1 byte per second', fault: { kind: 'slow-body', intervalMs: 1000 }, status: 504, code: 'UPSTREAM_TIMEOUT', attempts: 1 },
    { name: '500 (persisting)', fault: { kind: 'status', status: 500 }, times: -1, status: 502, code: 'INTERNAL_SERVER_ERROR', attempts: 4 },
    { name: 'malformed JSON', fault: { kind: 'malformed' }, status: 502, code: 'UPSTREAM_INVALID_RESPONSE', attempts: 1 },
    { name: 'connection reset', fault: { kind: 'drop' }, status: 502, code: 'UPSTREAM_UNREACHABLE', attempts: 1 },
  ];
  for (const c of mintCases) {
    it(`mint, upstream ${c.name} -> ${c.status} ${c.code} within the budget, ${c.attempts} attempt(s), nothing recorded`, async () => {
      const before = (await call('GET', `/api/galaxy/accounts/${id}/tokens`)).body.length as number;
      const auditBefore = (await call('GET', '/api/galaxy/audit?limit=500')).body.length as number;
      stack.sandbox.addFault({ route: 'galaxy.accessToken', fault: c.fault, ...(c.times ? { times: c.times } : {}) });
      const started = Date.now();
      const res = await call('POST', `/api/galaxy/accounts/${id}/token`);
      const elapsed = Date.now() - started;
      stack.sandbox.faults.clear();
      assert.equal(res.status, c.status, res.text);
      assert.equal(res.body.error.code, c.code);
      assert.equal(stack.sandbox.counters.get('galaxy.accessToken'), c.attempts);
      // Each attempt has the budget; retries add backoff of at most a few hundred ms each.
      assert.ok(elapsed < c.attempts * BUDGET_MS + 3000, `answered in ${elapsed} ms`);
      assert.equal((await call('GET', `/api/galaxy/accounts/${id}/tokens`)).body.length, before, 'no inventory entry');
      const audit = (await call('GET', '/api/galaxy/audit?limit=500')).body;
      assert.equal(audit.length, auditBefore + 1, 'this failure added one audit event');
      assert.equal(audit[0].action, 'token.mint');
      assert.equal(audit[0].outcome, 'error');
      assert.match(audit[0].detail, new RegExp(c.code.startsWith('UPSTREAM') ? c.code : 'GALAXY_API_ERROR'));
    });
  }

  it('mint, upstream 429 with Retry-After -> waits as told, then succeeds (2 attempts)', async () => {
    stack.sandbox.addFault({ route: 'galaxy.accessToken', fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { code: 'TOO_MANY_REQUESTS', message: 'Slow down', from: 'asgw' } } });
    const started = Date.now();
    const res = await call('POST', `/api/galaxy/accounts/${id}/token`);
    assert.equal(res.status, 201, res.text);
    assert.ok(Date.now() - started >= 950, 'Retry-After honoured');
    assert.equal(stack.sandbox.counters.get('galaxy.accessToken'), 2);
  });

  it('revoke is retried on 5xx and timeouts; a non-idempotent API call is not retried', async () => {
    assert.equal((await call('POST', `/api/galaxy/accounts/${id}/token`)).status, 201);
    stack.sandbox.reset();
    stack.sandbox.addFault({ route: 'galaxy.revokeAccessToken', fault: { kind: 'status', status: 503 } });
    stack.sandbox.addFault({ route: 'galaxy.revokeAccessToken', fault: { kind: 'hang' } });
    const revoked = await call('DELETE', `/api/galaxy/accounts/${id}/token`);
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(stack.sandbox.counters.get('galaxy.revokeAccessToken'), 3);

    assert.equal((await call('POST', `/api/galaxy/accounts/${id}/token`)).status, 201);
    stack.sandbox.reset();
    stack.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'status', status: 500 } });
    const contents = await call('GET', `/api/galaxy/accounts/${id}/contents`);
    assert.equal(contents.status, 502);
    assert.equal(contents.body.error.upstreamStatus, 500);
    assert.equal(stack.sandbox.counters.get('galaxy.contentList'), 1, 'API calls are not retried');
  });
});

describe('circuit breakers', () => {
  it('Galaxy: after the threshold, 503 with Retry-After at once and no upstream call; one probe closes it again', async () => {
    const stack = await startStack({ galaxy: { operators: [OPERATOR] }, env: { CIRCUIT_FAILURE_THRESHOLD: '2', CIRCUIT_OPEN_SECONDS: '1', GALAXY_RATE_LIMIT: '1000' } });
    try {
      const browser = new TestBrowser();
      await signIn(browser, stack.portalUrl, OPERATOR);
      const csrf = (await apiSession(browser, stack.portalUrl)).body.csrfToken as string;
      const id = stack.sandbox.galaxy.demoServiceAccount.id;
      const call = (method: string, path: string) => api(browser, stack.portalUrl, method, path, { csrf });
      assert.equal((await call('POST', `/api/galaxy/accounts/${id}/token`)).status, 201);
      stack.sandbox.reset();
      stack.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'status', status: 500 }, times: -1 });
      for (let i = 0; i < 2; i++) assert.equal((await call('GET', `/api/galaxy/accounts/${id}/contents`)).status, 502);
      const started = Date.now();
      const open = await call('GET', `/api/galaxy/accounts/${id}/contents`);
      assert.equal(open.status, 503);
      assert.equal(open.body.error.code, 'UPSTREAM_CIRCUIT_OPEN');
      assert.ok(Number(open.headers.get('retry-after')) >= 1);
      assert.ok(Date.now() - started < 500, 'answered at once');
      assert.equal(stack.sandbox.counters.get('galaxy.contentList'), 2, 'no call while open');
      stack.sandbox.faults.clear();
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await call('GET', `/api/galaxy/accounts/${id}/contents`)).status, 200, 'the probe went through');
      assert.equal((await call('GET', `/api/galaxy/accounts/${id}/contents`)).status, 200, 'closed again');
      assert.equal(stack.sandbox.counters.get('galaxy.contentList'), 4);
    } finally {
      await stack.close();
    }
  });

  it('one breaker per token host: a callback-named host that fails never shuts sign-in at the configured endpoint', async () => {
    let decoyCalls = 0;
    const decoy = http.createServer((_req, res) => {
      decoyCalls += 1;
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}');
    });
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
    const decoyHost = `127.0.0.1:${(decoy.address() as AddressInfo).port}`;
    // The allowlist names the loopback host, so the decoy is used (as an allow-listed region would be).
    const stack = await startStack({ env: { CIRCUIT_FAILURE_THRESHOLD: '2', CIRCUIT_OPEN_SECONDS: '30', SAMSUNG_TRUSTED_AUTH_HOSTS: '127.0.0.1' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const browser = new TestBrowser();
        const { gate } = await openSignInGate(browser, stack.portalUrl);
        const decision = await decide(browser, gate, { userId: OPERATOR });
        const url = new URL(decision.location!);
        url.searchParams.set('auth_server_url', decoyHost);
        statuses.push((await browser.get(url.toString())).status);
      }
      assert.deepEqual(statuses, [502, 502, 503, 503, 503], "the named host's own breaker opened");
      assert.equal(decoyCalls, 2);
      const tokenCallsBefore = stack.sandbox.counters.get('account.token');
      const walk = await signIn(new TestBrowser(), stack.portalUrl, OPERATOR);
      assert.equal(walk.callback.status, 303, 'the configured token endpoint still signs people in');
      assert.equal(stack.sandbox.counters.get('account.token'), tokenCallsBefore + 1);
    } finally {
      await stack.close();
      decoy.close();
    }
  });

  it('Samsung token endpoint: failures open it; the callback answers 503 without calling Samsung', async () => {
    const stack = await startStack({ env: { CIRCUIT_FAILURE_THRESHOLD: '2', CIRCUIT_OPEN_SECONDS: '30' } });
    try {
      stack.sandbox.addFault({ route: 'account.token', fault: { kind: 'status', status: 500 }, times: -1 });
      for (let i = 0; i < 3; i++) {
        const browser = new TestBrowser();
        const { gate } = await openSignInGate(browser, stack.portalUrl);
        const decision = await decide(browser, gate, { userId: OPERATOR });
        const callback = await browser.get(decision.location!);
        assert.equal(callback.status, i < 2 ? 502 : 503, `attempt ${i}`);
        if (i === 2) assert.match(callback.body, /<code>UPSTREAM_CIRCUIT_OPEN<\/code>/);
        assert.equal((await apiSession(browser, stack.portalUrl)).status, 401);
      }
      assert.equal(stack.sandbox.counters.get('account.token'), 2);
    } finally {
      await stack.close();
    }
  });
});
