/**
 * The session cookie and the session's life. OWASP ASVS 3.4.1-3.4.5 (cookie attributes), 3.2.1
 * (a new session at authentication), 3.3.1 (logout invalidates), 3.3.2 (timeouts); RFC 6265bis
 * §4.1.3.2 (the __Host- prefix).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, signedInBrowser, apiSession, openSignInGate } from '../helpers/sign-in.js';

const USER = 'y0zpz1a2b3';

function attributes(setCookie: string): { name: string; attrs: Set<string>; raw: string } {
  const [pair, ...rest] = setCookie.split(';').map((p) => p.trim());
  return { name: pair!.split('=')[0]!, attrs: new Set(rest.map((a) => a.split('=')[0]!.toLowerCase())), raw: setCookie };
}

describe('session cookie (ASVS 3.4)', () => {
  it('ASVS 3.4.2/3.4.3: HttpOnly, SameSite=Lax, host-only (no Domain), path /; on http not Secure, no prefix', async () => {
    const stack = await startStack();
    try {
      const res = await fetch(`${stack.portalUrl}/auth/login`, { redirect: 'manual' });
      const cookie = attributes(res.headers.get('set-cookie')!);
      assert.equal(cookie.name, 'sak.sid');
      assert.ok(cookie.attrs.has('httponly'));
      assert.match(cookie.raw, /SameSite=Lax/i);
      assert.match(cookie.raw, /Path=\//);
      assert.ok(!cookie.attrs.has('domain'));
      assert.ok(!cookie.attrs.has('secure'));
    } finally {
      await stack.close();
    }
  });

  it('ASVS 3.4.1 / RFC 6265bis §4.1.3.2: on https, Secure and __Host- prefixed, without Domain', async () => {
    const stack = await startStack({ env: { TRUST_PROXY: 'loopback' } });
    await stack.restartPortal({ BASE_URL: stack.portalUrl.replace('http:', 'https:'), TRUST_PROXY: 'loopback' });
    try {
      const res = await fetch(`${stack.portalUrl}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
      const cookie = attributes(res.headers.get('set-cookie')!);
      assert.equal(cookie.name, '__Host-sak.sid');
      assert.ok(cookie.attrs.has('secure') && cookie.attrs.has('httponly') && !cookie.attrs.has('domain'));
      assert.match(cookie.raw, /Path=\/(;|$)/);
    } finally {
      await stack.close();
    }
  });

  it('ASVS 3.4.5: no session, so no cookie, for anonymous visitors', async () => {
    const stack = await startStack();
    try {
      for (const path of ['/', '/account', '/api/session', '/healthz', '/assets/styles.css']) {
        const res = await fetch(`${stack.portalUrl}${path}`, { redirect: 'manual' });
        assert.equal(res.headers.get('set-cookie'), null, path);
      }
    } finally {
      await stack.close();
    }
  });

  it('ASVS 3.2.1 (session fixation): a planted session id is replaced at sign-in and is anonymous afterwards', async () => {
    const stack = await startStack();
    try {
      const attacker = new TestBrowser();
      await openSignInGate(attacker, stack.portalUrl);
      const planted = attacker.cookies(stack.portalUrl).get('sak.sid')!;
      const victim = new TestBrowser();
      victim.jar.set('127.0.0.1', new Map([['sak.sid', planted]]));
      await signIn(victim, stack.portalUrl, USER);
      assert.notEqual(victim.cookies(stack.portalUrl).get('sak.sid'), planted);
      assert.equal((await apiSession(attacker, stack.portalUrl)).status, 401, 'the planted id did not become signed in');
    } finally {
      await stack.close();
    }
  });

  it('ASVS 3.3.1: logout invalidates the session on the server; the old cookie is anonymous', async () => {
    const stack = await startStack();
    try {
      const { browser, csrf } = await signedInBrowser(stack.portalUrl, USER);
      const old = browser.cookies(stack.portalUrl).get('sak.sid')!;
      await browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: csrf }, { origin: stack.portalUrl });
      const replay = new TestBrowser();
      replay.jar.set('127.0.0.1', new Map([['sak.sid', old]]));
      assert.equal((await apiSession(replay, stack.portalUrl)).status, 401);
    } finally {
      await stack.close();
    }
  });

  for (const [kind, env, steps] of [
    // express-session dates the cookie with the real clock, so each case isolates one timeout.
    ['idle', { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '12' }, [[29, 200], [31 + 29, 401]]],
    ['absolute', { SESSION_IDLE_MINUTES: '600', SESSION_MAX_HOURS: '1' }, [[20, 200], [40, 200], [61, 401]]],
  ] as const) {
    it(`ASVS 3.3.2: the ${kind} timeout is enforced on the server (fake clock)`, async () => {
      let clock = Date.now();
      const start = clock;
      const stack = await startStack({ env: { ...env }, deps: { now: () => clock } });
      try {
        const { browser } = await signedInBrowser(stack.portalUrl, USER);
        for (const [minutes, status] of steps) {
          clock = start + minutes * 60_000;
          assert.equal((await apiSession(browser, stack.portalUrl)).status, status, `${minutes} min after sign-in`);
        }
      } finally {
        await stack.close();
      }
    });
  }
});
