/**
 * METRICS_PORT: after a scripted run of sign-ins, failures and Galaxy calls, /metrics (on its own
 * loopback listener) shows the matching counts, and no label carries a user id, a token or a
 * query value. Without METRICS_PORT there is no listener.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { deploymentEnv, startPortalProcess, type PortalProcess } from '../helpers/portal-process.js';
import { freePort } from '../helpers/free-port.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';

/** Sample lines of one metric: labels -> value. */
function samples(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (m) out.set(m[1] ?? '', Number(m[2]));
  }
  return out;
}

describe('metrics', () => {
  let sandbox: Sandbox;
  let portal: PortalProcess;
  let metricsUrl: string;
  before(async () => {
    sandbox = await startSandbox();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    portal = await startPortalProcess(deploymentEnv(sandbox, { operators: ['y0zpz1a2b3'], extra: { METRICS_PORT: String(metricsPort) } }));
    sandbox.registerRedirectUri(`${portal.url}/auth/callback`);
  });
  after(async () => {
    await portal.stop();
    await sandbox.close();
  });

  it('counts sign-ins, callback failures by code, Samsung latency by call, Galaxy calls by operation and outcome', async () => {
    const alex = new TestBrowser();
    const walk = await signIn(alex, portal.url, 'y0zpz1a2b3');
    await signIn(new TestBrowser(), portal.url, 'y0zpz4c5d6');
    await new TestBrowser().get(`${portal.url}/auth/callback?code=x&state=y`); // LOGIN_NOT_STARTED
    const csrf = (await apiSession(alex, portal.url)).body.csrfToken as string;
    const id = sandbox.galaxy.demoServiceAccount.id;
    const minted = await api(alex, portal.url, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf });
    assert.equal(minted.status, 201);
    assert.equal((await api(alex, portal.url, 'GET', `/api/galaxy/accounts/${id}/contents`, { csrf })).status, 200);
    sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'status', status: 500, body: { code: 'SERVER_ERROR', message: 'x', from: 'seller' } } });
    assert.equal((await api(alex, portal.url, 'GET', `/api/galaxy/accounts/${id}/contents`, { csrf })).status, 502);

    const res = await fetch(metricsUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.equal(samples(text, 'sak_sign_ins_total').get('{region="configured"}'), 2);
    assert.equal(samples(text, 'sak_callback_failures_total').get('{code="LOGIN_NOT_STARTED"}'), 1);
    const samsung = samples(text, 'sak_samsung_account_request_duration_seconds_count');
    const host = new URL(sandbox.url).host;
    assert.equal(samsung.get(`{call="exchange",host="${host}",outcome="ok"}`), 2);
    assert.equal(samsung.get(`{call="profile",host="${host}",outcome="ok"}`), 2);
    const galaxy = samples(text, 'sak_galaxy_requests_total');
    assert.equal(galaxy.get('{operation="POST /auth/accessToken",outcome="ok",samsung_code="none"}'), 1);
    assert.equal(galaxy.get('{operation="GET /seller/contentList",outcome="ok",samsung_code="none"}'), 1);
    assert.equal(galaxy.get('{operation="GET /seller/contentList",outcome="failed",samsung_code="SERVER_ERROR"}'), 1);
    assert.ok([...samples(text, 'sak_session_store_duration_seconds_count').keys()].some((k) => k.includes('op="get"')), 'session store calls are timed');
    assert.ok([...samples(text, 'sak_circuit_breaker_state').keys()].some((k) => k.includes('Galaxy Store API')), 'breaker state per upstream');
    assert.ok(samples(text, 'process_cpu_user_seconds_total').size === 1, "the process's default metrics");

    // Bounded labels: no user id, token or query value anywhere in the page.
    for (const secret of ['y0zpz1a2b3', 'y0zpz4c5d6', minted.body.accessToken as string, walk.state, walk.code!, id]) {
      assert.ok(!text.includes(secret), `no label holds ${secret.slice(0, 6)}...`);
    }
  });

  it('serves nothing but /metrics, and is not on the portal port', async () => {
    assert.equal((await fetch(metricsUrl.replace('/metrics', '/'))).status, 404);
    assert.equal((await fetch(`${portal.url}/metrics`)).status, 404);
  });

  it('without METRICS_PORT there is no metrics listener', async () => {
    const port = await freePort();
    const plain = await startPortalProcess(deploymentEnv(sandbox, {}));
    try {
      assert.doesNotMatch(plain.output(), /Metrics:/);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`));
      assert.match(portal.output(), /Metrics: http:\/\/127\.0\.0\.1:\d+\/metrics/);
    } finally {
      await plain.stop();
    }
  });
});
