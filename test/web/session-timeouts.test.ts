/** Idle and absolute session timeouts, enforced server-side (fake clock). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession } from '../helpers/sign-in.js';

async function withClock(env: Record<string, string>, fn: (ctx: { portalUrl: string; userId: string; advance: (ms: number) => void }) => Promise<void>) {
  let clock = Date.now();
  const stack = await startStack({ env, deps: { now: () => clock } });
  try {
    await fn({ portalUrl: stack.portalUrl, userId: stack.sandbox.demoUsers[0]!.id, advance: (ms) => (clock += ms) });
  } finally {
    await stack.close();
  }
}

describe('session timeouts', () => {
  it('ends a session idle for longer than SESSION_IDLE_MINUTES, with its cookie still sent', () =>
    withClock({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '12' }, async ({ portalUrl, userId, advance }) => {
      const browser = new TestBrowser();
      await signIn(browser, portalUrl, userId);
      advance(29 * 60_000);
      assert.equal((await apiSession(browser, portalUrl)).status, 200, 'within the idle window');
      advance(2 * 60_000); // 31 minutes after the cookie's expiry was last set (real time barely moved)
      assert.equal((await apiSession(browser, portalUrl)).status, 401, 'idle too long');
    }));

  it('ends a session SESSION_MAX_HOURS after sign-in however active it is', () =>
    withClock({ SESSION_IDLE_MINUTES: '600', SESSION_MAX_HOURS: '2' }, async ({ portalUrl, userId, advance }) => {
      const browser = new TestBrowser();
      const signedInAt = Date.now();
      await signIn(browser, portalUrl, userId);
      const session = await apiSession(browser, portalUrl);
      assert.ok(Math.abs(Date.parse(session.body.expiresAt as string) - (signedInAt + 2 * 3600_000)) < 5000);
      advance(2 * 3600_000 - 60_000);
      assert.equal((await apiSession(browser, portalUrl)).status, 200, 'a minute before the limit');
      advance(61_000);
      assert.equal((await apiSession(browser, portalUrl)).status, 401, 'past the absolute limit');
      assert.equal((await browser.get(`${portalUrl}/account`)).status, 302, 'pages send the browser to sign in');
    }));
});
