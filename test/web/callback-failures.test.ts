import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { openSignInGate, decide, apiSession } from '../helpers/sign-in.js';

/**
 * Callback failures the browser sees (state itself is covered rule by rule in
 * test/security/state.test.ts). Each case: a 4xx page, no token-endpoint call, no session.
 */
async function assertRefused(stack: Stack, browser: TestBrowser, url: string, status: number | RegExp, code: string): Promise<string> {
  const hop = await browser.get(url);
  if (typeof status === 'number') assert.equal(hop.status, status, hop.body.slice(0, 500));
  else assert.match(String(hop.status), status);
  assert.match(hop.body, new RegExp(`<code>${code}</code>`), `error code ${code} on the page`);
  assert.match(hop.body, /Try again<\/a>/);
  assert.equal(stack.sandbox.counters.get('account.token'), 0, 'no token-endpoint call');
  assert.equal((await apiSession(browser, stack.portalUrl)).status, 401, 'no signed-in session');
  return hop.body;
}

describe('callback failures', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  it('a callback with no login started explains the usual causes (cookies, http vs https, proxy)', async () => {
    const browser = new TestBrowser();
    const body = await assertRefused(stack, browser, `${stack.portalUrl}/auth/callback?code=abc&state=def`, 400, 'LOGIN_NOT_STARTED');
    assert.match(body, /Cookies are blocked/);
    assert.match(body, /http but is configured for https/);
    assert.match(body, /trust proxy/);
  });

  it('error=access_denied with a <script> description: escaped, 4xx, no token call', async () => {
    const browser = new TestBrowser();
    const { state } = await openSignInGate(browser, stack.portalUrl);
    const evil = '<script>alert(1)</script>';
    const body = await assertRefused(
      stack,
      browser,
      `${stack.portalUrl}/auth/callback?error=access_denied&error_description=${encodeURIComponent(evil)}&state=${encodeURIComponent(state)}`,
      403,
      'ACCESS_DENIED',
    );
    assert.ok(!body.includes(evil), 'the description is not injected');
    assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the description is shown escaped');
  });

  it('the sandbox deny button lands on ACCESS_DENIED', async () => {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, 'deny');
    assert.equal(new URL(decision.location!).searchParams.get('error'), 'access_denied');
    await assertRefused(stack, browser, decision.location!, 403, 'ACCESS_DENIED');
  });

  it('answers JSON errors to clients that ask for JSON', async () => {
    const hop = await new TestBrowser().get(`${stack.portalUrl}/auth/callback?code=a&state=b`, { accept: 'application/json' });
    assert.equal(hop.status, 400);
    const body = JSON.parse(hop.body) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'LOGIN_NOT_STARTED');
    assert.equal(typeof body.error.message, 'string');
  });
});

describe('auth_server_url in the callback', () => {
  it('never sends the client secret to a host named by the callback', async () => {
    const seen: string[] = [];
    const decoy = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
    const decoyHost = `127.0.0.1:${(decoy.address() as AddressInfo).port}`;
    // Even with an allowlist that names it, plain http is never trusted.
    const stack = await startStack({ env: { SAMSUNG_TRUSTED_AUTH_HOSTS: 'evil.example' } });
    try {
      for (const named of [decoyHost, `http://${decoyHost}`, 'https://evil.example.attacker.test', 'evil.example:8443', 'http://evil.example', 'http://10.0.0.1']) {
        const browser = new TestBrowser();
        const { gate } = await openSignInGate(browser, stack.portalUrl);
        const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
        const url = new URL(decision.location!);
        url.searchParams.set('auth_server_url', named);
        url.searchParams.set('api_server_url', named);
        const callback = await browser.get(url.toString());
        assert.equal(callback.status, 303, `signed in through the configured token URL (${named})`);
      }
      assert.deepEqual(seen, [], 'the decoy received nothing');
      assert.equal(stack.sandbox.counters.get('account.token'), 6);
      assert.equal(stack.sandbox.counters.get('account.profile'), 6, 'the profile came from the configured API host each time');
      assert.ok(stack.logs.some((l) => l.includes('auth_server_url_ignored')), 'the ignored host is logged');
    } finally {
      await stack.close();
      decoy.close();
    }
  });
});

describe('error pages show no internals', () => {
  it('a token endpoint that cannot be reached: the page says what to do and shows a reference; the details are logged under it', async () => {
    const stack = await startStack({ env: { SAMSUNG_TOKEN_URL: 'http://127.0.0.1:1/auth/oauth2/token' } });
    try {
      const browser = new TestBrowser();
      const { gate } = await openSignInGate(browser, stack.portalUrl);
      const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
      const page = await browser.get(decision.location!);
      assert.equal(page.status, 502);
      const id = page.headers.get('x-request-id')!;
      assert.match(id, /^[\w-]{12}$/);
      assert.ok(page.body.includes(`<code class="request-id">${id}</code>`), 'the page shows the reference');
      assert.match(page.body, /<code>UPSTREAM_UNREACHABLE<\/code>/);
      assert.match(page.body, /could not be reached/);
      for (const internal of ['127.0.0.1:1', '/auth/oauth2/token', 'ECONNREFUSED', 'SAMSUNG_TOKEN_URL', 'Check the URL', 'POST ']) {
        assert.ok(!page.body.includes(internal), `the page does not show ${internal}`);
      }
      const line = stack.logs.find((l) => l.includes('"event":"sign_in_failed"') && l.includes(`"requestId":"${id}"`));
      assert.ok(line, 'the log line carries the same reference');
      assert.match(line, /127\.0\.0\.1:1/, 'and the details');
      assert.match(line, /ECONNREFUSED|Check the URL/);

      const again = new TestBrowser();
      const second = await openSignInGate(again, stack.portalUrl);
      const json = await again.get((await decide(again, second.gate, { userId: stack.sandbox.demoUsers[0]!.id })).location!, { accept: 'application/json' });
      const body = JSON.parse(json.body) as { error: { code: string; message: string; hint?: string; requestId: string } };
      assert.equal(body.error.code, 'UPSTREAM_UNREACHABLE');
      assert.equal(body.error.requestId, json.headers.get('x-request-id'));
      assert.ok(!JSON.stringify(body).includes('127.0.0.1:1') && !JSON.stringify(body).includes('SAMSUNG_TOKEN_URL'));
    } finally {
      await stack.close();
    }
  });
});
