/**
 * What a refused request must leave as it was: no upstream call, and the browser's session
 * neither signed in nor replaced (its session id unchanged).
 */
import assert from 'node:assert/strict';
import type { Stack } from './stack.js';
import type { TestBrowser } from './browser.js';
import { apiSession } from './sign-in.js';

export interface Before {
  sid: string | undefined;
  signedIn: boolean;
  counters: Record<string, number>;
}

function sidOf(browser: TestBrowser, url: string): string | undefined {
  const jar = browser.cookies(url);
  const value = jar.get('sak.sid') ?? jar.get('__Host-sak.sid');
  return value === undefined ? undefined : decodeURIComponent(value).slice(2).split('.')[0];
}

export async function before(stack: Stack, browser: TestBrowser): Promise<Before> {
  return {
    sid: sidOf(browser, stack.portalUrl),
    signedIn: (await apiSession(browser, stack.portalUrl)).status === 200,
    counters: stack.sandbox.counters.snapshot(),
  };
}

/** Asserts no upstream call beyond `allowedRoutes`, and the same session, still (not) signed in. */
export async function assertUnchanged(stack: Stack, browser: TestBrowser, was: Before, allowedRoutes: string[] = []): Promise<void> {
  const now = stack.sandbox.counters.snapshot();
  for (const route of new Set([...Object.keys(now), ...Object.keys(was.counters)])) {
    if (allowedRoutes.includes(route) || route.startsWith('account.signInGate')) continue;
    assert.equal(now[route] ?? 0, was.counters[route] ?? 0, `no upstream call to ${route}`);
  }
  assert.equal(sidOf(browser, stack.portalUrl), was.sid, 'the session id did not change');
  assert.equal((await apiSession(browser, stack.portalUrl)).status === 200, was.signedIn, 'signed-in state did not change');
}
