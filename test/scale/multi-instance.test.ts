/**
 * Several portal processes, one Redis, the sandbox: a login started on one instance completes
 * on another; logout anywhere ends the session everywhere; N instances with a cold cache make
 * one token request between them.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { startRedis, NO_REDIS, type TestRedis } from '../helpers/redis-server.js';
import { deploymentEnv, startPortalProcess, type PortalProcess } from '../helpers/portal-process.js';
import { freePort } from '../helpers/free-port.js';
import { TestBrowser } from '../helpers/browser.js';
import { openSignInGate, decide, apiSession } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';

const OPERATOR = 'y0zpz1a2b3';

describe('several instances behind one URL, sharing Redis', () => {
  let sandbox: Sandbox;
  let redis: TestRedis | undefined;
  const portals: PortalProcess[] = [];
  let baseUrl: string;

  before(async () => {
    redis = await startRedis();
    if (!redis) return;
    sandbox = await startSandbox();
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${ports[0]}`;
    sandbox.account.registerRedirectUri(`${baseUrl}/auth/callback`);
    // This test is about single flight, not latency: a generous Redis budget keeps a loaded CI machine from turning slow commands into 503s.
    const env = deploymentEnv(sandbox, { redisUrl: redis.url, operators: [OPERATOR], extra: { GALAXY_RATE_LIMIT: '1000', GALAXY_READ_RATE_LIMIT: '5000', REDIS_COMMAND_TIMEOUT_MS: '5000' } });
    for (const port of ports) portals.push(await startPortalProcess(env, { baseUrl, port }));
  });

  after(async () => {
    await Promise.all(portals.map((p) => p.stop()));
    await sandbox?.close();
    await redis?.stop();
  });

  it('login started on A completes on B; the session works on both; logout on A ends it on B', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const [a, b] = portals as [PortalProcess, PortalProcess];
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, a.url);
    const decision = await decide(browser, gate, { userId: OPERATOR });
    const onB = new URL(decision.location!);
    onB.port = String(b.port);
    const callback = await browser.get(onB.toString());
    assert.equal(callback.status, 303, callback.body.slice(0, 300));
    for (const p of [a, b]) {
      const session = await apiSession(browser, p.url);
      assert.equal(session.status, 200, `signed in on ${p.url}`);
      assert.deepEqual(session.body.user, { id: OPERATOR, name: 'Alex Kim', email: 'alex.kim@example.com' });
    }
    const csrf = (await apiSession(browser, a.url)).body.csrfToken as string;
    const logout = await browser.post(`${a.url}/auth/logout`, { _csrf: csrf }, { origin: baseUrl });
    assert.equal(logout.status, 303);
    assert.equal((await apiSession(browser, b.url)).status, 401, 'logged out on B too');
  });

  it('four instances x 100 concurrent reads: cold, each answers 409 and none mints; after one mint, all use that one token', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, portals[0]!.url);
    const decision = await decide(browser, gate, { userId: OPERATOR });
    assert.equal((await browser.get(decision.location!)).status, 303);
    const csrf = (await apiSession(browser, portals[0]!.url)).body.csrfToken as string;
    const id = sandbox.galaxy.demoServiceAccount.id;
    sandbox.reset();
    const readAll = async () => {
      const calls = portals.flatMap((p) => Array.from({ length: 100 }, () => api(browser, p.url, 'GET', `/api/galaxy/accounts/${id}/contents`, { csrf })));
      const statuses = new Map<string, number>();
      for (const a of await Promise.all(calls)) {
        const key = `${a.status}${a.status === 200 ? '' : ` ${a.body?.error?.code}`}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
      return [...statuses];
    };
    assert.deepEqual(await readAll(), [['409 NO_CURRENT_TOKEN', 400]], 'a read never mints');
    assert.equal(sandbox.counters.get('galaxy.accessToken'), 0);
    assert.equal((await api(browser, portals[1]!.url, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf, origin: baseUrl })).status, 201);
    assert.deepEqual(await readAll(), [['200', 400]], 'every instance reads with the token minted on another');
    assert.equal(sandbox.counters.get('galaxy.accessToken'), 1, 'one token request across four instances');
    const tokens = await api(browser, portals[2]!.url, 'GET', `/api/galaxy/accounts/${id}/tokens`, { csrf });
    assert.equal(tokens.body.length, 1, 'one token in the shared inventory');
  });
});
