/**
 * Anti-automation on the operations that create or destroy credentials. OWASP ASVS 11.1.4
 * (anti-automation), 2.2.1; limits are per signed-in user, never per client address, so a
 * spoofed X-Forwarded-For changes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../helpers/stack.js';
import { signIn, signedInBrowser } from '../helpers/sign-in.js';
import { TestBrowser } from '../helpers/browser.js';
import { api } from '../helpers/portal-client.js';

const OPERATOR = 'y0zpz1a2b3';
const signedIn = (stack: { portalUrl: string }, userId: string) => signedInBrowser(stack.portalUrl, userId);

describe('rate limits (ASVS 11.1.4)', () => {
  it('ASVS 11.1.4: minting is limited per user: 429 with Retry-After, whatever X-Forwarded-For says', async () => {
    // Behind a trusted proxy, and from a different client address each time: the user is counted.
    const limited = await startStack({ galaxy: { operators: [OPERATOR] }, env: { GALAXY_RATE_LIMIT: '2', GALAXY_RATE_WINDOW_SECONDS: '600', TRUST_PROXY: 'loopback' } });
    try {
      const { browser, csrf } = await signedIn(limited, OPERATOR);
      const id = limited.sandbox.galaxy.demoServiceAccount.id;
      const mint = (xff: string) =>
        browser.request(`${limited.portalUrl}/api/galaxy/accounts/${id}/token`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json', origin: limited.portalUrl, 'x-csrf-token': csrf, 'x-forwarded-for': xff },
          body: '{}',
        });
      for (let i = 0; i < 2; i++) assert.equal((await mint(`203.0.113.${i + 1}`)).status, 201);
      const over = await mint('203.0.113.9');
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get('retry-after')) > 0);
      assert.equal(JSON.parse(over.body).error.code, 'RATE_LIMITED');
      assert.equal(limited.sandbox.counters.get('galaxy.accessToken'), 2);
    } finally {
      await limited.close();
    }
  });

  it('ASVS 11.1.4: every route that calls Galaxy Store is limited: reads (check, contents) have a per-user budget too', async () => {
    const limited = await startStack({ galaxy: { operators: [OPERATOR] }, env: { GALAXY_READ_RATE_LIMIT: '3' } });
    try {
      const { browser, csrf } = await signedIn(limited, OPERATOR);
      const id = limited.sandbox.galaxy.demoServiceAccount.id;
      assert.equal((await api(browser, limited.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf })).status, 201);
      limited.sandbox.reset();
      const statuses = [];
      for (const path of ['contents', 'token/check', 'contents', 'token/check', 'contents']) {
        statuses.push((await api(browser, limited.portalUrl, 'GET', `/api/galaxy/accounts/${id}/${path}`, { csrf })).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const calls = (limited.sandbox.counters.get('galaxy.contentList') ?? 0) + (limited.sandbox.counters.get('galaxy.checkAccessToken') ?? 0);
      assert.equal(calls, 3, 'refused reads never reached Galaxy Store');
      const page = await browser.get(`${limited.portalUrl}/account/galaxy/${id}/contents`);
      assert.equal(page.status, 429, 'the page route counts too');
    } finally {
      await limited.close();
    }
  });

  it('ASVS 11.1.4: release actions are limited per user: 429 before anything reaches Galaxy Store; reads of the console count as reads', async () => {
    const RELEASER = 'y0zpz4c5d6';
    const limited = await startStack({ galaxy: { operators: [OPERATOR], roles: { [RELEASER]: 'releaser' } }, env: { GALAXY_RELEASE_RATE_LIMIT: '2', GALAXY_READ_RATE_LIMIT: '2' } });
    try {
      const admin = await signedIn(limited, OPERATOR);
      const id = limited.sandbox.galaxy.demoServiceAccount.id;
      assert.equal((await api(admin.browser, limited.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf: admin.csrf })).status, 201);
      const { browser, csrf } = await signedIn(limited, RELEASER);
      const base = `/api/galaxy/accounts/${id}/apps`;
      const before = limited.sandbox.galaxy.stateChangingCalls();
      const actions = [];
      for (let i = 0; i < 3; i++) actions.push((await api(browser, limited.portalUrl, 'POST', `${base}/000007000020/submit`, { csrf })).status);
      assert.deepEqual(actions, [409, 409, 429], 'Chess Club is in review: two refusals by state, then the limit');
      assert.equal(limited.sandbox.galaxy.stateChangingCalls(), before);
      const reads = [];
      for (let i = 0; i < 3; i++) reads.push((await api(browser, limited.portalUrl, 'GET', base, { csrf })).status);
      assert.deepEqual(reads, [200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('ASVS 11.1.4: revocations count against the same per-user limit; another user has a budget of their own', async () => {
    const limited = await startStack({ galaxy: { operators: [OPERATOR, 'y0zpz4c5d6'] }, env: { GALAXY_RATE_LIMIT: '2' } });
    try {
      const id = limited.sandbox.galaxy.demoServiceAccount.id;
      const a = await signedIn(limited, OPERATOR);
      assert.equal((await api(a.browser, limited.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf: a.csrf })).status, 201);
      assert.equal((await api(a.browser, limited.portalUrl, 'DELETE', `/api/galaxy/accounts/${id}/token`, { csrf: a.csrf })).status, 200);
      const over = await api(a.browser, limited.portalUrl, 'DELETE', `/api/galaxy/accounts/${id}/tokens`, { csrf: a.csrf });
      assert.equal(over.status, 429);
      const b = await signedIn(limited, 'y0zpz4c5d6');
      assert.equal((await api(b.browser, limited.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf: b.csrf })).status, 201);
    } finally {
      await limited.close();
    }
  });

  it('ASVS 11.1.4: sign-in attempts are limited per client address, which honours TRUST_PROXY and nothing else', async () => {
    const proxied = await startStack({ env: { SIGNIN_RATE_LIMIT: '3', SIGNIN_RATE_WINDOW_SECONDS: '600', TRUST_PROXY: 'loopback' } });
    const direct = await startStack({ env: { SIGNIN_RATE_LIMIT: '3', SIGNIN_RATE_WINDOW_SECONDS: '600' } });
    try {
      const login = (stack: { portalUrl: string }, xff: string) =>
        new TestBrowser().request(`${stack.portalUrl}/auth/login`, { headers: { 'x-forwarded-for': xff } });
      // Behind a trusted proxy, each client (X-Forwarded-For) has its own budget.
      const fromA = [];
      for (let i = 0; i < 4; i++) fromA.push((await login(proxied, '203.0.113.7')).status);
      assert.deepEqual(fromA, [302, 302, 302, 429]);
      const refused = await login(proxied, '203.0.113.7');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.match(refused.body, /<code>RATE_LIMITED<\/code>/);
      assert.equal((await login(proxied, '198.51.100.2')).status, 302, 'another client is not held back');
      // Without TRUST_PROXY the header is the client's own word: ignored, the socket address counts.
      const spoofed = [];
      for (let i = 0; i < 4; i++) spoofed.push((await login(direct, `198.51.100.${10 + i}`)).status);
      assert.deepEqual(spoofed, [302, 302, 302, 429]);
      // The callback has a budget of its own, counted the same way.
      const callbacks = [];
      for (let i = 0; i < 4; i++) {
        callbacks.push((await new TestBrowser().request(`${proxied.portalUrl}/auth/callback?code=x&state=y`, { headers: { 'x-forwarded-for': '192.0.2.1' } })).status);
      }
      assert.deepEqual(callbacks, [400, 400, 400, 429]);
      assert.equal(direct.sandbox.counters.get('account.signInGate'), 0, 'refused attempts never reached Samsung');
    } finally {
      await proxied.close();
      await direct.close();
    }
  });

  it('an anonymous pending sign-in is short-lived: its session lasts the state lifetime, a signed-in one the idle timeout', async () => {
    const stack = await startStack();
    try {
      // Seconds from the answer's Date to the cookie's Expires (the store keeps it as long).
      const lifetime = (hop: { headers: Headers }) => {
        const expires = /Expires=([^;]+)/.exec(hop.headers.get('set-cookie') ?? '')?.[1];
        return Math.round((Date.parse(expires ?? '') - Date.parse(hop.headers.get('date') ?? '')) / 1000);
      };
      const browser = new TestBrowser();
      const login = await browser.get(`${stack.portalUrl}/auth/login`);
      assert.ok(Math.abs(lifetime(login) - 900) <= 2, `the pending login lives 15 minutes (the state's 10, and 5 to hear it expired), not ${lifetime(login)} s`);
      const walk = await signIn(browser, stack.portalUrl, OPERATOR);
      assert.ok(Math.abs(lifetime(walk.callback) - 1800) <= 2, `the signed-in session gets the 30-minute idle timeout, not ${lifetime(walk.callback)} s`);
    } finally {
      await stack.close();
    }
  });
});
