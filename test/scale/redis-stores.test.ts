/** The Redis stores: nothing secret in clear, rate limits shared between instances, locks that expire. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { startRedis, NO_REDIS, type TestRedis } from '../helpers/redis-server.js';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import { RedisRateLimiter } from '../../src/stores/rate-limiter.js';
import { RedisInventoryStore } from '../../src/stores/redis-inventory-store.js';
import { connectRedis } from '../../src/stores/redis-client.js';

const OPERATOR = 'y0zpz1a2b3';

describe('Redis stores', () => {
  let redis: TestRedis | undefined;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis?.stop());

  it('keeps no session id, state, Samsung token or Galaxy token in clear', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const stack = await startStack({ galaxy: { operators: [OPERATOR] }, env: { SESSION_STORE: redis.url, REDIS_KEY_PREFIX: 'clear-test:' } });
    const raw = new Redis(redis.url);
    try {
      const browser = new TestBrowser();
      const walk = await signIn(browser, stack.portalUrl, OPERATOR);
      const sid = decodeURIComponent(browser.cookies(stack.portalUrl).get('sak.sid')!).slice(2).split('.')[0]!;
      const csrf = (await apiSession(browser, stack.portalUrl)).body.csrfToken as string;
      const minted = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${stack.sandbox.galaxy.demoServiceAccount.id}/token`, { csrf });
      assert.equal(minted.status, 201);
      const [samsungToken] = stack.sandbox.account.issuedAccessTokens();

      const keys = await raw.keys('clear-test:*');
      assert.ok(keys.some((k) => k.startsWith('clear-test:sess:')), 'sessions are in Redis');
      assert.ok(keys.some((k) => k.startsWith('clear-test:inv:')), 'the inventory is in Redis');
      let dump = keys.join('\n');
      for (const key of keys) {
        const type = await raw.type(key);
        if (type === 'string') dump += `\n${await raw.get(key)}`;
        else if (type === 'hash') dump += `\n${JSON.stringify(await raw.hgetall(key))}`;
        else if (type === 'list') dump += `\n${(await raw.lrange(key, 0, -1)).join('\n')}`;
      }
      for (const [name, secret] of Object.entries({ sid, state: walk.state, samsungToken: samsungToken!, galaxyToken: minted.body.accessToken as string, csrf })) {
        assert.ok(!dump.includes(secret), `${name} is not in Redis in clear`);
      }
    } finally {
      raw.disconnect();
      await stack.close();
    }
  });

  it('a sealed session copied onto another session\'s key does not open there (values are bound to their key)', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const stack = await startStack({ env: { SESSION_STORE: redis.url, REDIS_KEY_PREFIX: 'bind-test:' } });
    const raw = new Redis(redis.url);
    try {
      const victim = new TestBrowser();
      await signIn(victim, stack.portalUrl, OPERATOR);
      const attacker = new TestBrowser();
      await signIn(attacker, stack.portalUrl, 'y0zpz4c5d6');
      const keyOf = (b: TestBrowser) => {
        const sid = decodeURIComponent(b.cookies(stack.portalUrl).get('sak.sid')!).slice(2).split('.')[0]!;
        return `bind-test:sess:${createHash('sha256').update(sid).digest('base64url')}`;
      };
      const victimValue = await raw.get(keyOf(victim));
      assert.ok(victimValue, 'the victim\'s session is in Redis under the key the store derives');
      assert.ok(await raw.get(keyOf(attacker)), 'and so is the attacker\'s');
      await raw.set(keyOf(attacker), victimValue!, 'PX', 60_000);
      const stolen = await apiSession(attacker, stack.portalUrl);
      assert.equal(stolen.status, 401, 'the copied value does not make the attacker the victim');
      const own = await apiSession(victim, stack.portalUrl);
      assert.equal(own.status, 200);
      assert.equal((own.body.user as { id: string }).id, OPERATOR);
    } finally {
      raw.disconnect();
      await stack.close();
    }
  });

  it('rate limits are shared by every instance', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const a = await connectRedis(redis.url);
    const b = await connectRedis(redis.url);
    try {
      const onA = new RedisRateLimiter({ client: a, limit: 3, windowMs: 60_000, prefix: 'rate-test:' });
      const onB = new RedisRateLimiter({ client: b, limit: 3, windowMs: 60_000, prefix: 'rate-test:' });
      const verdicts = [await onA.hit('u1'), await onB.hit('u1'), await onA.hit('u1'), await onB.hit('u1')];
      assert.deepEqual(verdicts.map((v) => v.allowed), [true, true, true, false]);
      assert.ok(verdicts[3]!.retryAfterSeconds > 0 && verdicts[3]!.retryAfterSeconds <= 60);
      assert.equal((await onB.hit('u2')).allowed, true, 'per key');
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  it('a lock holder that crashed blocks others only until the lock expires', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const client = await connectRedis(redis.url);
    try {
      const store = new RedisInventoryStore({ client, prefix: 'lock-test:' });
      // A crashed holder: the lock key is set and never released.
      await client.set('lock-test:lock:mint:acct', 'crashed-holder', 'PX', 400);
      const started = Date.now();
      const result = await store.withLock('mint:acct', 400, async () => 'ran');
      assert.equal(result, 'ran');
      const waited = Date.now() - started;
      assert.ok(waited >= 300 && waited < 2000, `waited ${waited} ms for the expiry`);
      // Held locks serialise.
      const order: number[] = [];
      await Promise.all([1, 2, 3].map((n) => store.withLock('mint:acct', 5000, async () => {
        order.push(n);
        await new Promise((r) => setTimeout(r, 30));
        order.push(-n);
      })));
      for (let i = 0; i < order.length; i += 2) assert.equal(order[i], -order[i + 1]!, 'no overlap');
    } finally {
      client.disconnect();
    }
  });
});
