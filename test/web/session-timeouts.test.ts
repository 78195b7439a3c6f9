/** Idle and absolute session timeouts, enforced server-side (fake clock). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession } from '../helpers/sign-in.js';

/**
 * Runs with one clock for everything that keeps time in this process: the portal and its store
 * (`now`), and express-session's cookie expiry (Date.now). With only the store's clock moved, a
 * session that never slides would look like one that does.
 */
async function withClock(env: Record<string, string>, fn: (ctx: { portalUrl: string; userId: string; advance: (ms: number) => void }) => Promise<void>) {
  const realNow = Date.now;
  let clock = realNow();
  const stack = await startStack({ env, deps: { now: () => clock } });
  Date.now = () => clock;
  try {
    await fn({ portalUrl: stack.portalUrl, userId: stack.sandbox.demoUsers[0]!.id, advance: (ms) => (clock += ms) });
  } finally {
    Date.now = realNow;
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
      advance(31 * 60_000); // the browser still sends the cookie; the server says no
      assert.ok(browser.cookieHeader(portalUrl).includes('sak.sid='));
      assert.equal((await apiSession(browser, portalUrl)).status, 401, 'idle too long');
    }));

  it('slides: activity at 20 minutes keeps the session alive at 40; a read between cookie renewals moves the stored expiry too', () =>
    withClock({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '12' }, async ({ portalUrl, userId, advance }) => {
      const browser = new TestBrowser();
      await signIn(browser, portalUrl, userId);
      advance(20 * 60_000);
      assert.equal((await apiSession(browser, portalUrl)).status, 200, 'active at 20 minutes');
      advance(20 * 60_000);
      assert.equal((await apiSession(browser, portalUrl)).status, 200, 'alive at 40 minutes: the idle timeout counts from the last activity');
      // Within the cookie-renewal interval (a minute) the session is not rewritten, only touched:
      // the touch alone must move the stored expiry.
      advance(30_000);
      assert.equal((await apiSession(browser, portalUrl)).status, 200);
      advance(30 * 60_000 - 10_000);
      assert.equal((await apiSession(browser, portalUrl)).status, 200, '29m50s after the touch, though 30m20s after the last rewrite');
      advance(31 * 60_000);
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
