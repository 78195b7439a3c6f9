/**
 * Cross-site request forgery on every state-changing route, and GETs that change nothing.
 * OWASP ASVS 4.2.2 (anti-CSRF), 13.1 / RFC 9110 §9.2.1 (safe methods), RFC 9700 §4.7.
 */
import { describe, it, before as beforeAll, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { signedInBrowser, apiSession } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import type { TestBrowser } from '../helpers/browser.js';

const USER = 'y0zpz1a2b3';

describe('CSRF (ASVS 4.2.2)', () => {
  let stack: Stack;
  let browser: TestBrowser;
  let csrf: string;
  let id: string;
  let fingerprint: string;
  beforeAll(async () => {
    stack = await startStack({ galaxy: { operators: [USER] }, env: { GALAXY_RATE_LIMIT: '1000' } });
    ({ browser, csrf } = await signedInBrowser(stack.portalUrl, USER));
    id = stack.sandbox.galaxy.demoServiceAccount.id;
    fingerprint = (await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf })).body.token.fingerprint;
  });
  after(() => stack.close());

  const stateChanging = () => [
    ['POST', '/auth/logout', 'form'],
    ['POST', `/api/galaxy/accounts/${id}/token`, 'json'],
    ['DELETE', `/api/galaxy/accounts/${id}/token`, 'json'],
    ['DELETE', `/api/galaxy/accounts/${id}/tokens`, 'json'],
    ['DELETE', `/api/galaxy/accounts/${id}/tokens/${encodeURIComponent(fingerprint)}`, 'json'],
    ['POST', `/account/galaxy/${id}/token`, 'form'],
    ['POST', `/account/galaxy/${id}/check`, 'form'],
    ['POST', `/account/galaxy/${id}/revoke`, 'form'],
    ['POST', `/account/galaxy/${id}/revoke-all`, 'form'],
    ['POST', `/account/galaxy/${id}/tokens/${encodeURIComponent(fingerprint)}/revoke`, 'form'],
  ] as const;

  it('ASVS 4.2.2: every state-changing route refuses a missing token, a wrong token, a cross-site Origin or Sec-Fetch-Site, and an opaque origin', async () => {
    const attacks: [string, Record<string, string>, string | undefined][] = [
      ['missing token', { origin: stack.portalUrl }, undefined],
      ['wrong token', { origin: stack.portalUrl }, 'x'.repeat(43)],
      ['cross-site Origin', { origin: 'https://evil.example' }, csrf],
      ['cross-site Sec-Fetch-Site', { 'sec-fetch-site': 'cross-site' }, csrf],
      ['Origin: null from a cross-site page', { origin: 'null', 'sec-fetch-site': 'cross-site' }, csrf],
      ['Origin: null alone (no Sec-Fetch-Site to vouch for it)', { origin: 'null' }, csrf],
    ];
    const counters = JSON.stringify(stack.sandbox.counters.snapshot());
    for (const [method, path, kind] of stateChanging()) {
      for (const [name, headers, token] of attacks) {
        const body = kind === 'form' ? new URLSearchParams(token ? { _csrf: token } : {}).toString() : '{}';
        const hop = await browser.request(`${stack.portalUrl}${path}`, {
          method,
          headers: {
            ...headers,
            accept: 'application/json',
            'content-type': kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
            ...(kind === 'json' && token ? { 'x-csrf-token': token } : {}),
          },
          body,
        });
        assert.equal(hop.status, 403, `${method} ${path}: ${name}`);
        assert.equal(JSON.parse(hop.body).error.code, 'CSRF_INVALID', `${method} ${path}: ${name} is refused as CSRF, not for another reason`);
      }
    }
    assert.equal(JSON.stringify(stack.sandbox.counters.snapshot()), counters, 'no upstream call');
    assert.equal((await apiSession(browser, stack.portalUrl)).status, 200, 'still signed in (logout refused)');
  });

  it('ASVS 4.2.2, the positive control: the same requests with the session token from this origin succeed', async () => {
    const send = (method: string, path: string, kind: 'form' | 'json', headers: Record<string, string>) =>
      browser.request(`${stack.portalUrl}${path}`, {
        method,
        headers: { ...headers, accept: 'application/json', 'content-type': kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json', ...(kind === 'json' ? { 'x-csrf-token': csrf } : {}) },
        body: kind === 'form' ? new URLSearchParams({ _csrf: csrf }).toString() : '{}',
      });
    const minted = await send('POST', `/api/galaxy/accounts/${id}/token`, 'json', { origin: stack.portalUrl });
    assert.equal(minted.status, 201, minted.body);
    const checked = await send('POST', `/account/galaxy/${id}/check`, 'form', { origin: stack.portalUrl });
    assert.equal(checked.status, 303, 'a form post from this origin goes through');
    // A same-origin form post from a no-referrer page: Origin null, and the browser's Sec-Fetch-Site vouches.
    const opaque = await send('POST', `/account/galaxy/${id}/check`, 'form', { origin: 'null', 'sec-fetch-site': 'same-origin' });
    assert.equal(opaque.status, 303);
    fingerprint = JSON.parse(minted.body).token.fingerprint;
  });

  it('RFC 9110 §9.2.1: GET never changes state (session, inventory, upstream)', async () => {
    const inventory = () => readFileSync(join(stack.dataDir, 'galaxy-inventory.json'), 'utf8');
    const before = { inventory: inventory(), counters: JSON.stringify(stack.sandbox.counters.snapshot()), csrf };
    for (const path of ['/', '/account', '/api/session', '/auth/logout', '/api/galaxy/accounts', `/api/galaxy/accounts/${id}/tokens`, '/api/galaxy/audit', '/healthz', '/readyz']) {
      const hop = await browser.get(`${stack.portalUrl}${path}`, { accept: path.startsWith('/api') ? 'application/json' : 'text/html' });
      assert.ok(hop.status < 500, path);
    }
    assert.equal(inventory(), before.inventory, 'the inventory did not change');
    assert.equal(JSON.stringify(stack.sandbox.counters.snapshot()), before.counters, 'no upstream call');
    const session = await apiSession(browser, stack.portalUrl);
    assert.equal(session.status, 200, 'GET /auth/logout did not sign out');
    assert.equal(session.body.csrfToken, before.csrf);
  });

  it('ASVS 3.3.1: logout is POST only (GET answers 405 with Allow: POST)', async () => {
    const hop = await browser.get(`${stack.portalUrl}/auth/logout`);
    assert.equal(hop.status, 405);
    assert.equal(hop.headers.get('allow'), 'POST');
    assert.equal((await apiSession(browser, stack.portalUrl)).status, 200);
  });
});
