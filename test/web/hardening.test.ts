/** Request limits: bodies over the limit get 413 JSON, not a crash or a stack trace. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession } from '../helpers/sign-in.js';

describe('request limits', () => {
  it('a JSON body over 16 KiB or a form over 4 KiB answers 413; malformed JSON answers 400', async () => {
    const stack = await startStack({ galaxy: { operators: ['y0zpz1a2b3'] } });
    try {
      const browser = new TestBrowser();
      await signIn(browser, stack.portalUrl, 'y0zpz1a2b3');
      const csrf = (await apiSession(browser, stack.portalUrl)).body.csrfToken as string;
      const id = stack.sandbox.galaxy.demoServiceAccount.id;
      const headers = { accept: 'application/json', origin: stack.portalUrl, 'x-csrf-token': csrf };
      const big = await browser.request(`${stack.portalUrl}/api/galaxy/accounts/${id}/token`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(20_000) }),
      });
      assert.equal(big.status, 413);
      assert.equal(JSON.parse(big.body).error.code, 'BAD_REQUEST');
      const form = await browser.request(`${stack.portalUrl}/auth/logout`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${csrf}&pad=${'x'.repeat(5000)}`,
      });
      assert.equal(form.status, 413);
      const bad = await browser.request(`${stack.portalUrl}/api/galaxy/accounts/${id}/token`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"broken',
      });
      assert.equal(bad.status, 400);
      assert.doesNotMatch(bad.body, /at .+\.js:\d+/);
      assert.equal(stack.sandbox.counters.get('galaxy.accessToken'), 0);
      assert.equal((await apiSession(browser, stack.portalUrl)).status, 200, 'still signed in');
    } finally {
      await stack.close();
    }
  });
});
