/**
 * A whole run with marker values for every secret — client secret, session secret, authorization
 * codes, states, Samsung and Galaxy tokens, the private key, session ids — and none of them may
 * appear in logs, pages (beyond the one-time reveal of a minted token), Location headers we
 * build, error answers, or the stores in clear. OWASP ASVS 7.1.1 (no secrets in logs), 8.3.4,
 * 6.4.1 (secrets at rest), RFC 9700 §4.2 (credential leakage).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession, openSignInGate, decide } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import { startRedis } from '../helpers/redis-server.js';

const CLIENT_SECRET = 'MARKER-CLIENT-SECRET-7f3a9c1e5b2d4680';
const SESSION_SECRET = 'MARKER-SESSION-SECRET-0123456789abcdef0123';
const USER = 'y0zpz1a2b3';

describe('secrets (ASVS 7.1.1, 8.3.4, 6.4.1; RFC 9700 §4.2)', () => {
  it('ASVS 7.1.1: a full run leaves no secret in logs, pages, Location headers, error answers or stores', async () => {
    // With Redis when it is installed (always in CI), so the shared stores are checked too.
    const redis = await startRedis();
    const stack = await startStack({
      sandbox: { client: { clientSecret: CLIENT_SECRET } },
      galaxy: { operators: [USER] },
      env: { SESSION_SECRET, ...(redis ? { SESSION_STORE: redis.url, REDIS_KEY_PREFIX: 'secrets:' } : {}) },
    });
    try {
      const browser = new TestBrowser();
      const walk = await signIn(browser, stack.portalUrl, USER);
      const sessionCookie = decodeURIComponent(browser.cookies(stack.portalUrl).get('sak.sid')!);
      const csrf = (await apiSession(browser, stack.portalUrl)).body.csrfToken as string;
      const id = stack.sandbox.galaxy.demoServiceAccount.id;
      const minted = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf });
      assert.equal(minted.status, 201);
      const mintHop = browser.history.at(-1)!;
      await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${id}/contents`, { csrf });
      await browser.get(`${stack.portalUrl}/account`);

      // Failure paths: a token endpoint that echoes what it got, a wrong state, a Galaxy refusal.
      const other = new TestBrowser();
      const gate = await openSignInGate(other, stack.portalUrl);
      const decision = await decide(other, gate.gate, { userId: USER });
      const failedCode = new URL(decision.location!).searchParams.get('code')!;
      stack.sandbox.addFault({ route: 'account.token', fault: { kind: 'status', status: 400, body: { error: 'invalid_grant', error_description: `code ${failedCode} secret ${CLIENT_SECRET}` } } });
      const failed = await other.get(decision.location!);
      assert.equal(failed.status, 502);
      const json = await other.get(`${stack.portalUrl}/auth/callback?code=${failedCode}&state=MARKER-WRONG-STATE`, { accept: 'application/json' });
      assert.equal(json.status, 400);
      const echoesBefore = stack.sandbox.counters.get('galaxy.checkAccessToken') ?? 0;
      stack.sandbox.addFault({ route: 'galaxy.checkAccessToken', fault: { kind: 'status', status: 500, body: { code: 'X', message: `echo ${minted.body.accessToken as string}` } } });
      const echoed = await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${id}/token/check`, { csrf });
      assert.equal(echoed.status, 502, 'the echoing Galaxy answer was received and refused');
      assert.equal(stack.sandbox.counters.get('galaxy.checkAccessToken'), echoesBefore + 1, 'the echo fault ran');

      // The stores while the session is alive (logout would delete it before we look).
      let stored = '';
      for (const name of readdirSync(stack.dataDir)) if (name.endsWith('.json')) stored += readFileSync(join(stack.dataDir, name), 'utf8');
      if (redis) {
        const raw = new Redis(redis.url);
        const keys = await raw.keys('secrets:*');
        assert.ok(keys.some((k) => k.startsWith('secrets:sess:')), 'the session is in Redis');
        assert.ok(keys.some((k) => k.startsWith('secrets:inv:')), 'the inventory is in Redis');
        for (const key of keys) {
          const type = await raw.type(key);
          stored += `${key}\n`;
          if (type === 'string') stored += await raw.get(key);
          if (type === 'hash') stored += JSON.stringify(await raw.hgetall(key));
          if (type === 'list') stored += (await raw.lrange(key, 0, -1)).join('\n');
        }
        raw.disconnect();
      }
      await browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: csrf }, { origin: stack.portalUrl });

      const [samsungToken] = stack.sandbox.account.issuedAccessTokens();
      const privateKey = readFileSync(stack.sandbox.galaxy.demoServiceAccount.privateKeyFile, 'utf8');
      // One line of the PEM body as it is in the file (a leak would carry lines, not a join of two).
      const keyBody = privateKey.split('\n').filter((l) => l && !l.startsWith('-----'))[2]!;
      assert.ok(keyBody.length >= 60);
      const secrets: Record<string, string> = {
        clientSecret: CLIENT_SECRET,
        sessionSecret: SESSION_SECRET,
        state: walk.state,
        otherState: gate.state,
        code: walk.code!,
        failedCode,
        samsungToken: samsungToken!,
        galaxyToken: minted.body.accessToken as string,
        privateKey: keyBody,
        sessionId: sessionCookie.slice(2).split('.')[0]!,
        sessionCookie,
        csrf,
      };

      const logs = stack.logs.join('\n');
      assert.ok(stack.logs.length > 10);
      for (const [name, value] of Object.entries(secrets)) assert.ok(!logs.includes(value), `${name} is not logged`);

      // Our answers (the sandbox's own redirects carry codes, as Samsung's do).
      const ours = [...browser.history, ...other.history].filter((h) => h !== mintHop && h.url.startsWith(stack.portalUrl));
      assert.ok(ours.length > 10);
      for (const hop of ours) {
        for (const name of ['clientSecret', 'sessionSecret', 'samsungToken', 'galaxyToken', 'privateKey', 'failedCode', 'code'] as const) {
          assert.ok(!hop.body.includes(secrets[name]!), `${name} is not in the answer of ${hop.url}`);
          assert.ok(!(hop.location ?? '').includes(secrets[name]!), `${name} is not in a Location we built`);
        }
        assert.ok(!(hop.location ?? '').includes(secrets.sessionId!), 'no session id in a Location');
      }
      assert.equal(browser.history.filter((h) => h.body.includes(secrets.galaxyToken!)).length, 1, 'the Galaxy token is shown once');

      assert.ok(stored.length > 100, 'something was stored');
      for (const name of ['samsungToken', 'galaxyToken', 'state', 'sessionId', 'clientSecret', 'privateKey', 'csrf'] as const) {
        assert.ok(!stored.includes(secrets[name]!), `${name} is not in the stores in clear`);
      }
    } finally {
      await stack.close();
      await redis?.stop();
    }
  });
});
