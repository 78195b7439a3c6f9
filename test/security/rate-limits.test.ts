/**
 * Anti-automation on the operations that create or destroy credentials. OWASP ASVS 11.1.4
 * (anti-automation), 2.2.1; limits are per signed-in user, never per client address, so a
 * spoofed X-Forwarded-For changes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../helpers/stack.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';

const OPERATOR = 'y0zpz1a2b3';
const signedIn = (stack: { portalUrl: string }, userId: string) => signedInBrowser(stack.portalUrl, userId);

describe('rate limits (ASVS 11.1.4)', () => {
  it('ASVS 11.1.4: minting is limited per user: 429 with Retry-After, whatever X-Forwarded-For says', async () => {
    const limited = await startStack({ galaxy: { operators: [OPERATOR] }, env: { GALAXY_RATE_LIMIT: '2', GALAXY_RATE_WINDOW_SECONDS: '600' } });
    try {
      const { browser, csrf } = await signedIn(limited, OPERATOR);
      const id = limited.sandbox.galaxy.demoServiceAccount.id;
      for (let i = 0; i < 2; i++) assert.equal((await api(browser, limited.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf })).status, 201);
      const over = await browser.request(`${limited.portalUrl}/api/galaxy/accounts/${id}/token`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', origin: limited.portalUrl, 'x-csrf-token': csrf, 'x-forwarded-for': '203.0.113.9' },
        body: '{}',
      });
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
});
