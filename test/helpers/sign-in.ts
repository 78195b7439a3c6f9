/** Walks the sign-in flow as a browser would, returning every hop. */
import assert from 'node:assert/strict';
import { TestBrowser, formAction, hiddenField, type Hop } from './browser.js';

export interface SignInWalk {
  login: Hop;
  gate: Hop;
  decision: Hop;
  callback: Hop;
  landing: Hop;
  /** The state and code that crossed the browser. */
  state: string;
  code: string | undefined;
}

/** Starts a login and stops at the sandbox's signInGate page. */
export async function openSignInGate(browser: TestBrowser, portalUrl: string, returnTo?: string): Promise<{ login: Hop; gate: Hop; state: string }> {
  const login = await browser.get(`${portalUrl}/auth/login${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`);
  assert.equal(login.status, 302, `login should redirect, got ${login.status}: ${login.body.slice(0, 200)}`);
  const state = new URL(login.location!).searchParams.get('state')!;
  const gate = await browser.get(login.location!);
  assert.equal(gate.status, 200, `signInGate page: ${gate.body.slice(0, 300)}`);
  return { login, gate, state };
}

/** Picks a demo user (or denies) on the gate page; returns the redirect to the callback. */
export async function decide(browser: TestBrowser, gate: Hop, choice: { userId: string } | 'deny'): Promise<Hop> {
  const marker = choice === 'deny' ? 'value="deny"' : `value="${choice.userId}"`;
  const action = formAction(gate.body, marker);
  assert.ok(action, 'the gate page has the form');
  const request = hiddenField(gate.body, 'request')!;
  const form: Record<string, string> =
    choice === 'deny' ? { request, decision: 'deny' } : { request, userId: choice.userId, decision: 'approve' };
  const decision = await browser.post(new URL(action, gate.url).toString(), form);
  assert.equal(decision.status, 303);
  return decision;
}

export async function signIn(browser: TestBrowser, portalUrl: string, userId: string, returnTo?: string): Promise<SignInWalk> {
  const { login, gate, state } = await openSignInGate(browser, portalUrl, returnTo);
  const decision = await decide(browser, gate, { userId });
  const code = new URL(decision.location!).searchParams.get('code') ?? undefined;
  const callback = await browser.get(decision.location!);
  assert.equal(callback.status, 303, `callback should redirect, got ${callback.status}: ${callback.body.slice(0, 400)}`);
  const landing = await browser.get(new URL(callback.location!, portalUrl).toString());
  return { login, gate, decision, callback, landing, state, code };
}

/** A browser signed in as `userId`, with the session's CSRF token. */
export async function signedInBrowser(portalUrl: string, userId: string): Promise<{ browser: TestBrowser; csrf: string }> {
  const browser = new TestBrowser();
  await signIn(browser, portalUrl, userId);
  const csrf = (await apiSession(browser, portalUrl)).body.csrfToken as string;
  return { browser, csrf };
}

/** GET /api/session as JSON: the status, and the body. */
export async function apiSession(browser: TestBrowser, portalUrl: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const hop = await browser.get(`${portalUrl}/api/session`, { accept: 'application/json' });
  return { status: hop.status, body: JSON.parse(hop.body) as Record<string, unknown> };
}
