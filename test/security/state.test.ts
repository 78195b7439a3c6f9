/**
 * The `state` parameter: the only CSRF defence of this flow (no PKCE at Samsung, PROTOCOL §1.1).
 * RFC 9700 §4.7 (CSRF), RFC 6749 §10.12 (state binding to the user agent), §3.1 (no repeated
 * parameters), OWASP ASVS 3.5.
 */
import { describe, it, before as beforeAll, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { openSignInGate, decide, signIn } from '../helpers/sign-in.js';
import { before, assertUnchanged } from '../helpers/unchanged.js';

const USER = 'y0zpz1a2b3';

describe('state (RFC 9700 §4.7, RFC 6749 §10.12)', () => {
  let stack: Stack;
  let clock = Date.now();
  beforeAll(async () => {
    // The sign-in rate limit is off here: one test starts 10,000 logins.
    stack = await startStack({ deps: { now: () => clock }, env: { SIGNIN_RATE_LIMIT: '0' } });
  });
  after(() => stack.close());

  /** A browser at the callback's door: the sandbox approved, the code and state in hand. */
  async function atCallback(): Promise<{ browser: TestBrowser; url: URL }> {
    clock = Date.now();
    const browser = new TestBrowser();
    const { gate } = await openSignInGate(browser, stack.portalUrl);
    const decision = await decide(browser, gate, { userId: USER });
    return { browser, url: new URL(decision.location!) };
  }

  async function refused(browser: TestBrowser, url: string, code: string): Promise<void> {
    const was = await before(stack, browser);
    const hop = await browser.get(url);
    assert.equal(hop.status, 400, hop.body.slice(0, 200));
    assert.match(hop.body, new RegExp(`<code>${code}</code>`));
    await assertUnchanged(stack, browser, was);
  }

  it('RFC 6749 §10.12: a callback without state is refused', async () => {
    const { browser, url } = await atCallback();
    url.searchParams.delete('state');
    await refused(browser, url.toString(), 'STATE_MISSING');
  });

  it('RFC 6749 §10.12: a wrong state is refused', async () => {
    const { browser, url } = await atCallback();
    url.searchParams.set('state', 'A'.repeat(43));
    await refused(browser, url.toString(), 'STATE_MISMATCH');
  });

  it('RFC 9700 §4.7: a state is single use: replayed in the same browser after a failed exchange, it is refused with no second token call', async () => {
    const { browser, url } = await atCallback();
    // The exchange fails (Samsung answers 500), so the browser keeps its session, and the code
    // stays good at the sandbox: only the consumed state stands between a replay and a sign-in.
    stack.sandbox.addFault({ route: 'account.token', fault: { kind: 'status', status: 500 }, times: 1 });
    assert.equal((await browser.get(url.toString())).status, 502);
    const was = await before(stack, browser);
    const hop = await browser.get(url.toString());
    assert.equal(hop.status, 400, hop.body.slice(0, 300));
    assert.match(hop.body, /<code>STATE_MISMATCH<\/code>/);
    await assertUnchanged(stack, browser, was);
  });

  it('RFC 9700 §4.7: a state is single use after a successful sign-in too (replayed with the pre-login cookie)', async () => {
    const { browser, url } = await atCallback();
    const preLogin = new Map(browser.cookies(stack.portalUrl));
    const was = await before(stack, browser);
    assert.equal((await browser.get(url.toString())).status, 303);
    const replayer = new TestBrowser();
    replayer.jar.set('127.0.0.1', preLogin);
    const hop = await replayer.get(url.toString());
    assert.equal(hop.status, 400);
    assert.equal(stack.sandbox.counters.get('account.token'), (was.counters['account.token'] ?? 0) + 1, 'one token call, for the first use only');
  });

  it('RFC 9700 §4.7: a state is still good just before its 10 minutes are up (the lifetime is not shorter than documented)', async () => {
    const { browser, url } = await atCallback();
    clock += 10 * 60_000 - 2_000;
    assert.equal((await browser.get(url.toString())).status, 303);
  });

  it('RFC 9700 §4.7: an expired state (older than 10 minutes) is refused', async () => {
    const { browser, url } = await atCallback();
    clock += 10 * 60_000 + 1;
    await refused(browser, url.toString(), 'STATE_EXPIRED');
  });

  it('RFC 6749 §10.12: a state from another browser is refused (bound to the browser that started the login)', async () => {
    const { url } = await atCallback();
    const other = new TestBrowser();
    await openSignInGate(other, stack.portalUrl); // the victim has a login of their own in progress
    await refused(other, url.toString(), 'STATE_MISMATCH');
    const fresh = new TestBrowser();
    await refused(fresh, url.toString(), 'LOGIN_NOT_STARTED');
  });

  for (const [name, mutate, code] of [
    ['state=a&state=a (duplicated)', (q: string, s: string) => `${q}&state=${s}`, 'CALLBACK_INVALID'],
    ['code=a&code=b (duplicated)', (q: string) => `${q}&code=b`, 'CALLBACK_INVALID'],
    ['state[]=a (array-valued)', (q: string, s: string) => q.replace(`state=${s}`, `state[]=${s}`), 'STATE_MISSING'],
    ['state[x]=a (object-valued)', (q: string, s: string) => q.replace(`state=${s}`, `state[x]=${s}`), 'STATE_MISSING'],
  ] as const) {
    it(`RFC 6749 §3.1: ${name} is refused`, async () => {
      const { browser, url } = await atCallback();
      const state = url.searchParams.get('state')!;
      const query = `code=${url.searchParams.get('code')}&state=${state}`;
      await refused(browser, `${stack.portalUrl}/auth/callback?${mutate(query, state)}`, code);
    });
  }

  it('RFC 9700 §4.7 / ASVS 3.2.2: 10,000 states from /auth/login are distinct, carry at least 128 bits, and their bytes look uniform', async () => {
    const states = new Set<string>();
    const counts = new Array<number>(256).fill(0);
    let bytes = 0;
    const jobs = Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 500; i++) {
        const res = await fetch(`${stack.portalUrl}/auth/login`, { redirect: 'manual' });
        const state = new URL(res.headers.get('location')!).searchParams.get('state')!;
        const raw = Buffer.from(state, 'base64url');
        assert.ok(raw.length * 8 >= 128, `${raw.length * 8} bits`);
        for (const b of raw) counts[b]! += 1;
        bytes += raw.length;
        states.add(state);
      }
    });
    await Promise.all(jobs);
    assert.equal(states.size, 10_000);
    // Chi-squared of the byte counts against uniform, 255 degrees of freedom: mean 255, sd 22.6.
    // A counter, a timestamp or a biased encoding lands far above 400 (p < 1e-9 for true randomness).
    const expected = bytes / 256;
    const chi2 = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 400, `byte distribution chi-squared ${chi2.toFixed(1)} over ${bytes} bytes`);
    assert.ok(counts.every((n) => n > 0), 'every byte value occurs');
  });

  it('a sign-in with a valid state still works after all of the above', async () => {
    const browser = new TestBrowser();
    const walk = await signIn(browser, stack.portalUrl, USER);
    assert.equal(walk.landing.status, 200);
  });
});
