import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession, openSignInGate } from '../helpers/sign-in.js';

describe('sign-in flow over real HTTP against the sandbox', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  it('login -> signInGate -> callback -> /account -> POST logout -> signOutGate -> signOutURL', async () => {
    const browser = new TestBrowser();
    const user = stack.sandbox.demoUsers[0]!;
    const walk = await signIn(browser, stack.portalUrl, user.id);

    const gateUrl = new URL(walk.login.location!);
    assert.equal(gateUrl.origin + gateUrl.pathname, `${stack.sandbox.accountUrl}/accounts/v1/${stack.sandbox.client.aliasId}/signInGate`);
    assert.equal(gateUrl.searchParams.get('client_id'), stack.sandbox.client.clientId);
    assert.equal(gateUrl.searchParams.get('response_type'), 'CODE');
    assert.equal(gateUrl.searchParams.get('redirect_uri'), `${stack.portalUrl}/auth/callback`);
    assert.ok(Buffer.from(walk.state, 'base64url').length >= 32, 'state carries at least 256 bits');

    assert.equal(walk.callback.location, '/account');
    assert.equal(walk.landing.status, 200);
    assert.match(walk.landing.body, new RegExp(`<code id="user-id">${user.id}</code>`));
    assert.equal(stack.sandbox.counters.get('account.token'), 1);

    const session = await apiSession(browser, stack.portalUrl);
    assert.equal(session.status, 200);
    assert.deepEqual(session.body.user, { id: user.id, name: user.name, email: user.email });
    assert.equal(session.body.authenticated, true);
    assert.equal(typeof session.body.csrfToken, 'string');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(walk.landing.body)![1]!;
    const logout = await browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: csrf }, { origin: stack.portalUrl });
    assert.equal(logout.status, 303);
    const signOutGate = new URL(logout.location!);
    assert.equal(signOutGate.origin + signOutGate.pathname, `${stack.sandbox.accountUrl}/accounts/v1/${stack.sandbox.client.aliasId}/signOutGate`);
    assert.equal(signOutGate.searchParams.get('client_id'), stack.sandbox.client.clientId);
    assert.equal(signOutGate.searchParams.get('signOutURL'), `${stack.portalUrl}/`);
    const [, gateHop, home] = await browser.follow(logout);
    assert.equal(gateHop!.status, 302);
    assert.equal(gateHop!.location, `${stack.portalUrl}/`);
    assert.equal(home!.status, 200);
    assert.match(home!.body, /Sign in with Samsung Account/);
    assert.equal(stack.sandbox.counters.get('account.signOutGate'), 1);
    assert.equal((await apiSession(browser, stack.portalUrl)).status, 401);
  });

  it('signs in with the seed 004 token response verbatim and with the observed variant', async () => {
    for (const variant of ['seed', 'observed'] as const) {
      stack.sandbox.account.setTokenResponse(variant);
      const browser = new TestBrowser();
      const user = stack.sandbox.demoUsers[1]!;
      const walk = await signIn(browser, stack.portalUrl, user.id);
      assert.equal(walk.landing.status, 200, variant);
      const session = await apiSession(browser, stack.portalUrl);
      assert.deepEqual(session.body.user, { id: user.id, name: user.name, email: user.email }, variant);
    }
    stack.sandbox.account.setTokenResponse('seed');
  });

  it('changes the session id at sign-in; the pre-login cookie is anonymous afterwards; logout ends the session', async () => {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    void gate;
    const preLogin = browser.cookies(stack.portalUrl).get('sak.sid');
    assert.ok(preLogin, 'a pending login has a session cookie');
    // Finish the login in this browser.
    const user = stack.sandbox.demoUsers[0]!;
    const fresh = new TestBrowser();
    fresh.jar.set('127.0.0.1', new Map([['sak.sid', preLogin]]));
    const walk = await signIn(fresh, stack.portalUrl, user.id);
    assert.equal(walk.landing.status, 200);
    const signedIn = fresh.cookies(stack.portalUrl).get('sak.sid');
    assert.ok(signedIn);
    assert.notEqual(signedIn, preLogin);

    const stale = new TestBrowser();
    stale.jar.set('127.0.0.1', new Map([['sak.sid', preLogin]]));
    assert.equal((await apiSession(stale, stack.portalUrl)).status, 401, 'the pre-login cookie is anonymous');

    const csrf = (await apiSession(fresh, stack.portalUrl)).body.csrfToken as string;
    const logout = await fresh.post(`${stack.portalUrl}/auth/logout`, { _csrf: csrf }, { origin: stack.portalUrl });
    assert.equal(logout.status, 303);
    assert.match(logout.headers.get('set-cookie') ?? '', /sak\.sid=;/, 'the cookie is cleared');
    const replay = new TestBrowser();
    replay.jar.set('127.0.0.1', new Map([['sak.sid', signedIn]]));
    assert.equal((await apiSession(replay, stack.portalUrl)).status, 401, 'the old cookie is anonymous after logout');
    const page = await replay.get(`${stack.portalUrl}/account`);
    assert.equal(page.status, 302, 'a protected page redirects to sign in');
    assert.match(page.location!, /^\/auth\/login\?returnTo=%2Faccount$/);
  });

  it('lands on a same-origin returnTo path', async () => {
    const browser = new TestBrowser();
    const walk = await signIn(browser, stack.portalUrl, stack.sandbox.demoUsers[0]!.id, '/account?tab=x');
    assert.equal(walk.callback.location, '/account?tab=x');
  });

  it('stores no session for anonymous visitors', async () => {
    const browser = new TestBrowser();
    const home = await browser.get(`${stack.portalUrl}/`);
    assert.equal(home.status, 200);
    assert.equal(home.headers.get('set-cookie'), null);
    const account = await browser.get(`${stack.portalUrl}/account`);
    assert.equal(account.status, 302);
    assert.equal(account.headers.get('set-cookie'), null);
  });

  it('sets HttpOnly, SameSite=Lax, host-only cookies and no-store on auth routes', async () => {
    const browser = new TestBrowser();
    const login = await browser.get(`${stack.portalUrl}/auth/login`);
    const cookie = login.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Domain=/i);
    assert.equal(login.headers.get('cache-control'), 'no-store');
    assert.equal(login.headers.get('referrer-policy'), 'no-referrer');
    const csp = login.headers.get('content-security-policy')!;
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, new RegExp(`form-action 'self' ${stack.sandbox.accountUrl.replace(/[.]/g, '\\.')}`));
  });

  it('logout is POST only and needs the session CSRF token from this origin', async () => {
    const browser = new TestBrowser();
    await signIn(browser, stack.portalUrl, stack.sandbox.demoUsers[0]!.id);
    const csrf = (await apiSession(browser, stack.portalUrl)).body.csrfToken as string;
    assert.equal((await browser.get(`${stack.portalUrl}/auth/logout`)).status, 405);
    assert.equal((await browser.post(`${stack.portalUrl}/auth/logout`, {}, { origin: stack.portalUrl })).status, 403);
    assert.equal((await browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: 'wrong' }, { origin: stack.portalUrl })).status, 403);
    assert.equal((await browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: csrf }, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await apiSession(browser, stack.portalUrl)).status, 200, 'still signed in');
    assert.equal(stack.sandbox.counters.get('account.signOutGate'), 0);
  });
});
