/**
 * Refresh tokens are single use: two portal processes sharing one Redis, 25 concurrent calls each
 * right after the access token expired, make exactly one refresh between them, and every caller
 * gets the profile (the loser re-reads the session and uses the winner's pair).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { startRedis, NO_REDIS } from '../helpers/redis-server.js';
import { deploymentEnv, startPortalProcess } from '../helpers/portal-process.js';
import { freePort } from '../helpers/free-port.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn } from '../helpers/sign-in.js';

describe('refresh across instances', () => {
  it('two instances on one Redis, 25 concurrent calls each after expiry -> 1 refresh, every caller gets the profile', async (t) => {
    const redis = await startRedis();
    if (!redis) return t.skip(NO_REDIS);
    const sandbox = await startSandbox({ tokenResponse: 'refresh', accessTokenSeconds: 2 });
    const ports = [await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${ports[0]}`;
    sandbox.account.registerRedirectUri(`${baseUrl}/auth/callback`);
    const env = deploymentEnv(sandbox, { redisUrl: redis.url, extra: { REDIS_COMMAND_TIMEOUT_MS: '5000' } });
    const portals = [await startPortalProcess(env, { baseUrl, port: ports[0] }), await startPortalProcess(env, { baseUrl, port: ports[1] })];
    try {
      const browser = new TestBrowser();
      await signIn(browser, portals[0]!.url, 'y0zpz1a2b3');
      await new Promise((r) => setTimeout(r, 3000));
      sandbox.reset();
      // A slow refresh keeps the race open: the other instance asks while the first waits for Samsung.
      sandbox.addFault({ route: 'account.refresh', fault: { kind: 'delay', ms: 500 } });
      const calls = portals.flatMap((p) => Array.from({ length: 25 }, () => browser.get(`${p.url}/api/account/profile`, { accept: 'application/json' })));
      const answers = await Promise.all(calls);
      const statuses = answers.map((a) => a.status);
      assert.deepEqual([...new Set(statuses)], [200], answers.find((a) => a.status !== 200)?.body);
      assert.ok(answers.every((a) => (JSON.parse(a.body) as { email: string }).email === 'alex.kim@example.com'));
      assert.equal(sandbox.counters.get('account.refresh'), 1, 'one refresh across both instances');
      assert.equal(sandbox.counters.get('account.profile'), 50);
    } finally {
      await Promise.all(portals.map((p) => p.stop()));
      await sandbox.close();
      await redis.stop();
    }
  });
});
