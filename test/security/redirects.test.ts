/**
 * Open redirects: where the browser lands after sign-in (returnTo) and after sign-out.
 * RFC 9700 §4.11 (open redirection), OWASP ASVS 5.1.5.
 */
import { describe, it, before as beforeAll, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, signedInBrowser } from '../helpers/sign-in.js';

const USER = 'y0zpz1a2b3';
const PAYLOADS = [
  'https://evil.example',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  'javascript:alert(1)',
  'https:evil.example',
  '/\r\nLocation: https://evil.example',
  '/%0d%0aLocation:%20https://evil.example',
  '\\\\evil.example',
  // The URL parser's dot-segment removal turns these into //evil.example (issue 13, finding 1).
  '/..//evil.example',
  '/.//evil.example/x',
  '/a/..//evil.example',
  '/%2e%2e//evil.example',
  '/a/../..//evil.example',
];

describe('redirects (RFC 9700 §4.11, ASVS 5.1.5)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  for (const payload of PAYLOADS) {
    it(`RFC 9700 §4.11: returnTo ${JSON.stringify(payload)} lands on our origin`, async () => {
      const browser = new TestBrowser();
      const walk = await signIn(browser, stack.portalUrl, USER, payload);
      assert.equal(walk.callback.location, '/account');
      assert.equal(new URL(walk.callback.location!, stack.portalUrl).origin, stack.portalUrl);
      assert.doesNotMatch(walk.callback.headers.get('location') ?? '', /[\r\n]/);
    });
  }

  it('ASVS 5.1.5: the post-logout target is the configured one, whatever the request says', async () => {
    const { browser, csrf } = await signedInBrowser(stack.portalUrl, USER);
    const hop = await browser.request(`${stack.portalUrl}/auth/logout?signOutURL=https://evil.example&returnTo=https://evil.example`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.portalUrl },
      body: new URLSearchParams({ _csrf: csrf, signOutURL: 'https://evil.example', returnTo: '//evil.example' }).toString(),
    });
    assert.equal(hop.status, 303);
    const target = new URL(hop.location!);
    assert.equal(target.origin, stack.sandbox.accountUrl);
    assert.equal(target.searchParams.get('signOutURL'), `${stack.portalUrl}/`);
    assert.ok(!hop.location!.includes('evil'));
  });

  it('RFC 9700 §4.11: the sandbox signOutGate redirects only to the client\'s registered origins', async () => {
    const res = await fetch(
      `${stack.sandbox.accountUrl}/accounts/v1/${stack.sandbox.client.aliasId}/signOutGate?client_id=${stack.sandbox.client.clientId}&signOutURL=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
  });
});
