import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { openSignInGate, decide, apiSession, signIn } from '../helpers/sign-in.js';

/** Each case: a 4xx page, no call to the token endpoint, no signed-in session. */
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
  let clock = Date.now();
  before(async () => {
    stack = await startStack({ deps: { now: () => clock } });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.sandbox.reset();
    clock = Date.now();
  });

  it('a callback with no login started explains the usual causes (cookies, http vs https, proxy)', async () => {
    const browser = new TestBrowser();
    const body = await assertRefused(stack, browser, `${stack.portalUrl}/auth/callback?code=abc&state=def`, 400, 'LOGIN_NOT_STARTED');
    assert.match(body, /Cookies are blocked/);
    assert.match(body, /http but is configured for https/);
    assert.match(body, /trust proxy/);
  });

  it('missing state', async () => {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    const url = new URL(decision.location!);
    url.searchParams.delete('state');
    await assertRefused(stack, browser, url.toString(), 400, 'STATE_MISSING');
  });

  it('wrong state', async () => {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    const url = new URL(decision.location!);
    url.searchParams.set('state', 'x'.repeat(43));
    await assertRefused(stack, browser, url.toString(), 400, 'STATE_MISMATCH');
  });

  it('array- and object-valued state (state[]=a, state[x]=a) count as missing', async () => {
    const browser = new TestBrowser();
    const { state } = await openSignInGate(browser, stack.portalUrl);
    await assertRefused(stack, browser, `${stack.portalUrl}/auth/callback?code=a&state[]=${state}`, 400, 'STATE_MISSING');
    await assertRefused(stack, browser, `${stack.portalUrl}/auth/callback?code=a&state[x]=${state}`, 400, 'STATE_MISSING');
  });

  it('a replayed callback is refused and makes no second token call', async () => {
    const browser = new TestBrowser();
    const walk = await signIn(browser, stack.portalUrl, stack.sandbox.demoUsers[0]!.id);
    assert.equal(stack.sandbox.counters.get('account.token'), 1);
    const replay = await browser.get(walk.decision.location!);
    assert.equal(replay.status, 400);
    assert.match(replay.body, /<code>LOGIN_NOT_STARTED<\/code>|<code>STATE_MISMATCH<\/code>/);
    assert.equal(stack.sandbox.counters.get('account.token'), 1, 'still one token call');
    // Replayed in the pre-login session (another tab): the state was consumed.
    const other = new TestBrowser();
    const { gate } = await openSignInGate(other, stack.portalUrl);
    const decision = await decide(other, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    const first = await other.get(decision.location!);
    assert.equal(first.status, 303);
  });

  it('a replay within the same pre-login session is refused (state is single use)', async () => {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    // A second pending login keeps the session alive after the first completes... in another browser.
    const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    const preLogin = new Map(browser.cookies(stack.portalUrl));
    const first = await browser.get(decision.location!);
    assert.equal(first.status, 303);
    const attacker = new TestBrowser();
    attacker.jar.set('127.0.0.1', preLogin);
    const again = await attacker.get(decision.location!);
    assert.equal(again.status, 400);
    assert.equal(stack.sandbox.counters.get('account.token'), 1);
    assert.equal((await apiSession(attacker, stack.portalUrl)).status, 401);
  });

  it('expired state (10 minutes, fake clock)', async () => {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    clock += 10 * 60 * 1000 + 1;
    await assertRefused(stack, browser, decision.location!, 400, 'STATE_EXPIRED');
  });

  it('duplicated parameters: state=a&state=a and code=a&code=b', async () => {
    const browser = new TestBrowser();
    const { gate, state } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    const code = new URL(decision.location!).searchParams.get('code')!;
    const s = encodeURIComponent(state);
    await assertRefused(stack, browser, `${stack.portalUrl}/auth/callback?code=${code}&state=${s}&state=${s}`, 400, 'CALLBACK_INVALID');
    await assertRefused(stack, browser, `${stack.portalUrl}/auth/callback?code=${code}&code=b&state=${s}`, 400, 'CALLBACK_INVALID');
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
      for (const named of [decoyHost, `http://${decoyHost}`, 'https://evil.example.attacker.test', 'evil.example:8443']) {
        const browser = new TestBrowser();
        const { gate } = await openSignInGate(browser, stack.portalUrl);
        const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
        const url = new URL(decision.location!);
        url.searchParams.set('auth_server_url', named);
        const callback = await browser.get(url.toString());
        assert.equal(callback.status, 303, `signed in through the configured token URL (${named})`);
      }
      assert.deepEqual(seen, [], 'the decoy received nothing');
      assert.equal(stack.sandbox.counters.get('account.token'), 4);
      assert.ok(stack.logs.some((l) => l.includes('auth_server_url_ignored')), 'the ignored host is logged');
    } finally {
      await stack.close();
      decoy.close();
    }
  });
});

describe('token endpoint failures', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { SAMSUNG_TIMEOUT_MS: '400' } });
  });
  after(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  async function callbackWithFault(fault: Parameters<Stack['sandbox']['addFault']>[0]['fault']) {
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, { userId: stack.sandbox.demoUsers[0]!.id });
    stack.sandbox.addFault({ route: 'account.token', fault });
    const hop = await browser.get(decision.location!);
    assert.equal((await apiSession(browser, stack.portalUrl)).status, 401, 'no signed-in session');
    assert.equal(stack.sandbox.counters.get('account.token'), 1, 'exactly one attempt (codes are single-use)');
    return hop;
  }

  const cases = [
    { name: 'down (500)', fault: { kind: 'status', status: 500 } as const, status: 502, code: 'TOKEN_EXCHANGE_FAILED' },
    { name: 'slow (hangs past the budget)', fault: { kind: 'hang' } as const, status: 504, code: 'UPSTREAM_TIMEOUT' },
    { name: 'garbage (not JSON)', fault: { kind: 'malformed' } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'null body', fault: { kind: 'status', status: 200, body: null } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'an array', fault: { kind: 'status', status: 200, body: [1] } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'no access_token', fault: { kind: 'status', status: 200, body: { token_type: 'Bearer', userId: 'u' } } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'a numeric access_token', fault: { kind: 'status', status: 200, body: { access_token: 5, userId: 'u' } } as const, status: 502, code: 'UPSTREAM_INVALID_RESPONSE' },
    { name: 'a redirect elsewhere', fault: { kind: 'redirect', location: 'https://evil.example/token' } as const, status: 502, code: 'UPSTREAM_REDIRECT' },
    { name: 'a 10 MB body', fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 } as const, status: 502, code: 'UPSTREAM_BODY_TOO_LARGE' },
    { name: 'a dropped connection', fault: { kind: 'drop' } as const, status: 502, code: 'UPSTREAM_UNREACHABLE' },
    { name: 'a body at 1 byte per second', fault: { kind: 'slow-body', intervalMs: 1000 } as const, status: 504, code: 'UPSTREAM_TIMEOUT' },
    { name: '429 with Retry-After (codes are single use: not retried)', fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow_down' } } as const, status: 502, code: 'TOKEN_EXCHANGE_FAILED' },
    { name: 'an OAuth error (invalid_grant)', fault: { kind: 'status', status: 400, body: { error: 'invalid_grant' } } as const, status: 502, code: 'TOKEN_EXCHANGE_FAILED' },
  ];
  for (const c of cases) {
    it(`token endpoint ${c.name} -> ${c.status} ${c.code}`, async () => {
      const hop = await callbackWithFault(c.fault);
      assert.equal(hop.status, c.status, hop.body.slice(0, 400));
      assert.match(hop.body, new RegExp(`<code>${c.code}</code>`));
    });
  }
});
