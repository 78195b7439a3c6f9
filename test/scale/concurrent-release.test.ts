/**
 * Two portal instances on one Redis, two releasers submitting the same app at the same moment:
 * one submit reaches the sandbox, the other answers 409 saying what is under way.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { startRedis, NO_REDIS, type TestRedis } from '../helpers/redis-server.js';
import { deploymentEnv, startPortalProcess, type PortalProcess } from '../helpers/portal-process.js';
import { freePort } from '../helpers/free-port.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import { releaseApi } from '../helpers/release-client.js';

const ADMIN = 'y0zpz1a2b3';
const ALICE = 'y0zpz4c5d6';
const BOB = 'y0zpz7e8f9';
const GAME = '000007654321';

describe('two releasers, two instances, one app', () => {
  let sandbox: Sandbox;
  let redis: TestRedis | undefined;
  const portals: PortalProcess[] = [];

  before(async () => {
    redis = await startRedis();
    if (!redis) return;
    sandbox = await startSandbox();
    const ports = [await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${ports[0]}`;
    sandbox.account.registerRedirectUri(`${baseUrl}/auth/callback`);
    const env = deploymentEnv(sandbox, { redisUrl: redis.url, operators: [ADMIN], roles: { [ALICE]: 'releaser', [BOB]: 'releaser' }, extra: { SAMSUNG_TRUSTED_AUTH_HOSTS: '127.0.0.1', REDIS_COMMAND_TIMEOUT_MS: '5000' } });
    for (const port of ports) portals.push(await startPortalProcess(env, { baseUrl, port }));
  });
  after(async () => {
    await Promise.all(portals.map((p) => p.stop()));
    await sandbox?.close();
    await redis?.stop();
  });

  it('one submit reaches Samsung; the other is 409 with who is submitting', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const [a, b] = portals as [PortalProcess, PortalProcess];
    const id = sandbox.galaxy.demoServiceAccount.id;
    const admin = await signedInBrowser(a.url, ADMIN);
    assert.equal((await api(admin.browser, a.url, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf: admin.csrf })).status, 201);
    const alice = await signedInBrowser(a.url, ALICE);
    const bob = await signedInBrowser(a.url, BOB);
    // Samsung takes its time to answer: both requests are in flight together.
    sandbox.addFault({ route: 'galaxy.contentSubmit', fault: { kind: 'delay', ms: 800 } });
    const path = `/api/galaxy/accounts/${id}/apps/${GAME}/submit`;
    const [ra, rb] = await Promise.all([releaseApi(alice.browser, a.url, alice.csrf).send('POST', path), releaseApi(bob.browser, b.url, bob.csrf, a.url).send('POST', path)]);
    const answers = [ra, rb].sort((x, y) => x.status - y.status);
    assert.deepEqual(answers.map((r) => r.status), [200, 409], answers.map((r) => r.text).join('\n'));
    assert.equal(answers[0]!.body.status, 'UNDER_REVIEW');
    assert.equal(answers[1]!.body.error.code, 'RELEASE_IN_PROGRESS');
    assert.match(answers[1]!.body.error.message, new RegExp(`(${ALICE}|${BOB}) is submitting My Game`));
    assert.equal(sandbox.counters.get('galaxy.contentSubmit'), 1);
    const audit = await api(admin.browser, b.url, 'GET', '/api/galaxy/audit?limit=20', { csrf: admin.csrf });
    const submits = audit.body.filter((e: { action: string }) => e.action === 'app.submit').map((e: { outcome: string }) => e.outcome).sort();
    assert.deepEqual(submits, ['conflict', 'ok']);
  });
});
