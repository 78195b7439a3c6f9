/**
 * Response headers on every page. OWASP ASVS 14.4.1-14.4.7 (CSP, nosniff, frame-ancestors,
 * HSTS, referrer policy), 8.2.1 (no-store for sensitive data), RFC 9700 §4.2.4 (no referrer leak
 * of codes from the callback).
 */
import { describe, it, before as beforeAll, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import type { TestBrowser } from '../helpers/browser.js';

const USER = 'y0zpz1a2b3';

describe('headers (ASVS 14.4)', () => {
  let stack: Stack;
  let browser: TestBrowser;
  let id: string;
  beforeAll(async () => {
    stack = await startStack({ galaxy: { operators: [USER] } });
    ({ browser } = await signedInBrowser(stack.portalUrl, USER));
    id = stack.sandbox.galaxy.demoServiceAccount.id;
  });
  after(() => stack.close());

  const pages = () => ['/', '/account', `/account/galaxy/${id}/contents`, '/api/session', '/api/galaxy/accounts', '/nope', '/auth/login', '/auth/callback?code=x&state=y', '/auth/logout', '/healthz', '/readyz'];

  it('ASVS 14.4.3/14.4.6/14.4.7: CSP with frame-ancestors none, object-src none, base-uri none; nosniff; no X-Powered-By; referrer policy', async () => {
    for (const path of pages()) {
      const hop = await browser.get(`${stack.portalUrl}${path}`);
      const csp = hop.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /object-src 'none'/, path);
      assert.match(csp, /base-uri 'none'/, path);
      assert.match(csp, /default-src 'self'/, path);
      assert.equal(hop.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(hop.headers.get('x-powered-by'), null, path);
      assert.equal(hop.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(hop.headers.get('x-frame-options'), 'DENY', path);
    }
  });

  it('ASVS 8.2.1 / RFC 9700 §4.2.4: no-store on auth routes and personal pages', async () => {
    for (const path of ['/auth/login', '/auth/callback?code=x&state=y', '/auth/logout', '/account', '/api/session', '/api/galaxy/accounts']) {
      const hop = await browser.get(`${stack.portalUrl}${path}`);
      assert.match(hop.headers.get('cache-control') ?? '', /no-store/, path);
    }
  });

  it('ASVS 14.4.5: HSTS on https only', async () => {
    const plain = await browser.get(`${stack.portalUrl}/`);
    assert.equal(plain.headers.get('strict-transport-security'), null, 'not on http');
    const tls = await startStack({ env: { TRUST_PROXY: 'loopback' } });
    await tls.restartPortal({ BASE_URL: tls.portalUrl.replace('http:', 'https:'), TRUST_PROXY: 'loopback' });
    try {
      const res = await fetch(`${tls.portalUrl}/`, { headers: { 'x-forwarded-proto': 'https' } });
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=31536000; includeSubDomains/);
      assert.match(res.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
    } finally {
      await tls.close();
    }
  });
});
