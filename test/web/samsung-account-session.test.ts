/**
 * Samsung Account beyond the first hour, over real HTTP against the sandbox: the profile at
 * sign-in, refresh with rotation (one per session at a time), regional hosts, revoke at
 * sign-out, per-login signInGate parameters.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession, signedInBrowser } from '../helpers/sign-in.js';
import type { FetchLike } from '../../src/http/request.js';

const ALEX = 'y0zpz1a2b3';
const SAM = 'y0zpz4c5d6';
const EVA = 'y0zpz7e8f9';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records what the portal sends and gets at Samsung's token endpoints: refresh tokens and access tokens. */
function recorder(): { fetch: FetchLike; refreshTokensSent: string[]; tokensSeen: string[] } {
  const rec = { refreshTokensSent: [] as string[], tokensSeen: [] as string[] };
  const recording: FetchLike = async (input, init) => {
    const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : '';
    const sent = new URLSearchParams(body).get('refresh_token');
    if (sent) rec.refreshTokensSent.push(sent);
    const res = await fetch(input, init);
    if (String(input).endsWith('/auth/oauth2/token') && res.status === 200) {
      const json = (await res.clone().json()) as { access_token?: string; refresh_token?: string };
      for (const t of [json.access_token, json.refresh_token]) if (typeof t === 'string') rec.tokensSeen.push(t);
    }
    return res;
  };
  return { fetch: recording, ...rec, refreshTokensSent: rec.refreshTokensSent, tokensSeen: rec.tokensSeen };
}

describe('the profile at sign-in', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('both demo users sign in with their name and email on /account and in /api/session', async () => {
    for (const [id, name, email] of [[ALEX, 'Alex Kim', 'alex.kim@example.com'], [SAM, 'Sam Lee', 'sam.lee@example.com']] as const) {
      const browser = new TestBrowser();
      const walk = await signIn(browser, stack.portalUrl, id);
      assert.match(walk.landing.body, new RegExp(`<span id="user-name">${name}</span>`));
      assert.match(walk.landing.body, new RegExp(`<dd id="user-email">${email}</dd>`));
      const session = await apiSession(browser, stack.portalUrl);
      assert.deepEqual(session.body.user, { id, name, email });
    }
    assert.equal(stack.sandbox.counters.get('account.profile'), 2);
  });

  it('an anonymous /api/session gets 401 UNAUTHENTICATED as JSON (an API path, whatever the client accepts), never a user or a CSRF token', async () => {
    for (const accept of ['application/json', 'text/html']) {
      const res = await fetch(`${stack.portalUrl}/api/session`, { headers: { accept }, redirect: 'manual' });
      assert.equal(res.status, 401, accept);
      const body = (await res.json()) as { error?: { code?: string }; user?: unknown; csrfToken?: unknown };
      assert.equal(body.error?.code, 'UNAUTHENTICATED');
      assert.equal(body.user, undefined);
      assert.equal(body.csrfToken, undefined);
    }
  });

  for (const [name, fault] of [
    ['a 500', { kind: 'status', status: 500 }],
    ['garbage', { kind: 'malformed' }],
    // A document type with entities (the way to XML bombs and external entities): refused whole.
    ['an XML bomb', { kind: 'text', status: 200, contentType: 'text/xml', body: '<!DOCTYPE x [<!ENTITY n "Mallory">]><UserVO><userID>y0zpz1a2b3</userID><userBaseVO><userName>&n;</userName></userBaseVO></UserVO>' }],
  ] as const) {
    it(`a profile endpoint answering ${name} still signs the user in, with the id alone, and logs why`, async () => {
      stack.sandbox.addFault({ route: 'account.profile', fault });
      const browser = new TestBrowser();
      const walk = await signIn(browser, stack.portalUrl, ALEX);
      assert.equal(walk.landing.status, 200);
      assert.deepEqual((await apiSession(browser, stack.portalUrl)).body.user, { id: ALEX });
      assert.ok(stack.logs.some((l) => l.includes('"event":"profile_unavailable"')), 'the failure is logged with its code');
    });
  }
});

describe('refresh with rotation', () => {
  let stack: Stack;
  let rec: ReturnType<typeof recorder>;
  before(async () => {
    rec = recorder();
    stack = await startStack({ sandbox: { tokenResponse: 'refresh', accessTokenSeconds: 2 }, deps: { fetch: rec.fetch }, env: { SIGNIN_RATE_LIMIT: '0' } });
  });
  after(() => stack.close());

  const profileCall = (browser: TestBrowser) => browser.get(`${stack.portalUrl}/api/account/profile`, { accept: 'application/json' });

  it('after expiry, GET /api/account/profile refreshes exactly once; the old refresh token is then refused by Samsung', async () => {
    const { browser } = await signedInBrowser(stack.portalUrl, ALEX);
    const fresh = await profileCall(browser);
    assert.equal(fresh.status, 200, fresh.body);
    assert.deepEqual(JSON.parse(fresh.body), { id: ALEX, name: 'Alex Kim', givenName: 'Alex', familyName: 'Kim', email: 'alex.kim@example.com', countryCode: 'KOR', photoUrl: 'https://img.example.com/profile/alex.png' });
    assert.equal(stack.sandbox.counters.get('account.refresh') ?? 0, 0, 'a fresh token is not refreshed');
    await sleep(3000);
    const before = rec.refreshTokensSent.length;
    assert.equal((await profileCall(browser)).status, 200);
    assert.equal((await profileCall(browser)).status, 200, 'the new token is used without another refresh');
    assert.equal(stack.sandbox.counters.get('account.refresh'), 1);
    assert.equal(rec.refreshTokensSent.length, before + 1);
    const spent = rec.refreshTokensSent.at(-1)!;
    const reused = await fetch(stack.sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: spent, client_id: stack.sandbox.client.clientId, client_secret: stack.sandbox.client.clientSecret }).toString(),
    });
    assert.equal(reused.status, 400);
    assert.equal(((await reused.json()) as { error_code: string }).error_code, 'AUT_1803');
  });

  it('50 concurrent calls after expiry -> 1 refresh, and every one gets the profile', async () => {
    const { browser } = await signedInBrowser(stack.portalUrl, SAM);
    await sleep(3000);
    stack.sandbox.reset();
    const answers = await Promise.all(Array.from({ length: 50 }, () => profileCall(browser)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    assert.ok(answers.every((a) => (JSON.parse(a.body) as { id: string }).id === SAM));
    assert.equal(stack.sandbox.counters.get('account.refresh'), 1);
  });

  it('a refresh refused with AUT_1803 -> 401 REAUTH_REQUIRED with a login URL, and no second refresh for it', async () => {
    const { browser } = await signedInBrowser(stack.portalUrl, ALEX);
    await sleep(3000);
    stack.sandbox.reset();
    stack.sandbox.addFault({ route: 'account.refresh', fault: { kind: 'status', status: 400, body: { error: 'invalid_grant', error_code: 'AUT_1803', error_description: 'The value of refresh_token parameter is incorrect.' } } });
    const first = await profileCall(browser);
    assert.equal(first.status, 401);
    const body = JSON.parse(first.body) as { error: { code: string; loginUrl: string } };
    assert.equal(body.error.code, 'REAUTH_REQUIRED');
    assert.match(body.error.loginUrl, /^\/auth\/login/);
    const again = await profileCall(browser);
    assert.equal(again.status, 401, 'still refused, not a loop, not a 5xx');
    assert.equal(stack.sandbox.counters.get('account.refresh'), 1, 'Samsung was asked once');
    assert.equal((await apiSession(browser, stack.portalUrl)).status, 200, 'the local session is still there; signing in again is up to the user');
    assert.ok(stack.logs.some((l) => l.includes('"event":"refresh_refused"') && l.includes('AUT_1803')), "Samsung's code is in the log");
  });

  it('tokens never reach a log, a page or an answer', async () => {
    const browser = new TestBrowser();
    await signIn(browser, stack.portalUrl, SAM);
    await sleep(3000);
    await profileCall(browser);
    await browser.get(`${stack.portalUrl}/account`);
    assert.ok(rec.tokensSeen.length >= 4);
    const logs = stack.logs.join('\n');
    for (const token of [...rec.tokensSeen, ...rec.refreshTokensSent]) {
      assert.ok(!logs.includes(token), 'no token in the logs');
      assert.ok(!browser.history.some((h) => h.body.includes(token) || (h.location ?? '').includes(token)), 'no token in an answer');
    }
    for (const field of ['sam.lee@example.com', 'Sam Lee']) assert.ok(!logs.includes(field), 'no profile field in the logs');
  });
});

describe('regional hosts and sign-out', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ sandbox: { tokenResponse: 'refresh', accessTokenSeconds: 2 }, env: { SAMSUNG_TRUSTED_AUTH_HOSTS: '127.0.0.1', SIGNIN_RATE_LIMIT: '0' } });
  });
  after(() => stack.close());

  it('a callback naming the second region: token call, profile and refresh go there, none to the default', async () => {
    const browser = new TestBrowser();
    const walk = await signIn(browser, stack.portalUrl, EVA);
    assert.equal(walk.landing.status, 200);
    assert.deepEqual((await apiSession(browser, stack.portalUrl)).body.user, { id: EVA, name: 'Eva Novak', email: 'eva.novak@example.com' });
    await sleep(3000);
    assert.equal((await browser.get(`${stack.portalUrl}/api/account/profile`, { accept: 'application/json' })).status, 200);
    const c = (name: string) => stack.sandbox.counters.get(name) ?? 0;
    assert.deepEqual([c('account.eu.token'), c('account.eu.profile'), c('account.eu.refresh')], [2, 2, 1]);
    assert.deepEqual([c('account.token'), c('account.profile'), c('account.refresh')], [0, 0, 0]);
  });

  it('sign-out revokes at the sign-in\'s auth host (one call), after the session is gone; a hanging revoke does not hold the redirect', async () => {
    const { browser, csrf } = await signedInBrowser(stack.portalUrl, ALEX);
    stack.sandbox.reset();
    const out = await browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: csrf }, { origin: stack.portalUrl });
    assert.equal(out.status, 303);
    assert.match(out.location!, /signOutGate/);
    assert.equal(stack.sandbox.counters.get('account.revoke'), 1);

    const slow = await signedInBrowser(stack.portalUrl, ALEX);
    stack.sandbox.addFault({ route: 'account.revoke', fault: { kind: 'hang' } });
    const started = Date.now();
    const slowOut = await slow.browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: slow.csrf }, { origin: stack.portalUrl });
    assert.equal(slowOut.status, 303);
    assert.ok(Date.now() - started < 6000, 'the redirect came within the revoke budget (2 s) and some slack');
    assert.equal((await apiSession(slow.browser, stack.portalUrl)).status, 401, 'signed out here whatever Samsung did');
    assert.ok(stack.logs.some((l) => l.includes('"event":"sign_out_revoke_failed"')));
  });

  it('locale, countryCode and prompt reach signInGate when valid; bad values are dropped', async () => {
    const go = async (query: string) => new URL((await new TestBrowser().get(`${stack.portalUrl}/auth/login?${query}`)).location!).searchParams;
    const good = await go('locale=ko&countryCode=KR&prompt=login&returnTo=/account');
    assert.deepEqual([good.get('locale'), good.get('countryCode'), good.get('prompt')], ['ko', 'KR', 'login']);
    assert.equal((await go('locale=es_PE')).get('locale'), 'es_PE');
    const bad = await go(`locale=${encodeURIComponent('"><script>')}&countryCode=kr&prompt=evil&locale=en`);
    assert.deepEqual([bad.get('locale'), bad.get('countryCode'), bad.get('prompt')], [null, null, null], 'dropped, not passed (a repeated one too)');
  });
});
