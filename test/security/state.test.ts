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
    stack = await startStack({ deps: { now: () => clock } });
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

  it('RFC 9700 §4.7: a state is single use (a replayed callback makes no second token call)', async () => {
    const { browser, url } = await atCallback();
    const preLogin = new Map(browser.cookies(stack.portalUrl));
    assert.equal((await browser.get(url.toString())).status, 303);
    const replayer = new TestBrowser();
    replayer.jar.set('127.0.0.1', preLogin);
    const was = await before(stack, replayer);
    const hop = await replayer.get(url.toString());
    assert.equal(hop.status, 400);
    await assertUnchanged(stack, replayer, { ...was, counters: stack.sandbox.counters.snapshot() });
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

  it('RFC 9700 §4.7 / ASVS 3.2.2: 10,000 states from /auth/login are unique and carry at least 128 bits', async () => {
    const states = new Set<string>();
    const jobs = Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 500; i++) {
        const res = await fetch(`${stack.portalUrl}/auth/login`, { redirect: 'manual' });
        const state = new URL(res.headers.get('location')!).searchParams.get('state')!;
        assert.ok(Buffer.from(state, 'base64url').length * 8 >= 128);
        states.add(state);
      }
    });
    await Promise.all(jobs);
    assert.equal(states.size, 10_000);
  });

  it('a sign-in with a valid state still works after all of the above', async () => {
    const browser = new TestBrowser();
    const walk = await signIn(browser, stack.portalUrl, USER);
    assert.equal(walk.landing.status, 200);
  });
});
