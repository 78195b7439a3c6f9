/**
 * examples/passport against the sandbox over real HTTP: both demo users sign in through
 * passport.authenticate('samsung') with a normalised profile; a replayed or missing state is refused.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { freePort } from '../helpers/free-port.js';
import { TestBrowser, formAction, hiddenField, type Hop } from '../helpers/browser.js';
import { startExample } from './run-example.js';

describe('examples/passport', () => {
  let sandbox: Sandbox;
  let appUrl: string;
  let server: Awaited<ReturnType<typeof startExample>>;
  before(async () => {
    sandbox = await startSandbox();
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    sandbox.registerRedirectUri(`${appUrl}/auth/samsung/callback`);
    server = await startExample('examples/passport/server.ts', { ...sandbox.env, PORT: String(port), BASE_URL: appUrl, SESSION_SECRET: 'passport-example-session-secret-0123456789' }, 'passport example on');
  });
  after(async () => {
    await server.stop();
    await sandbox.close();
  });

  /** /auth/samsung -> signInGate -> the demo user approves: the callback hop, not yet followed. */
  async function toCallback(browser: TestBrowser, userId: string): Promise<URL> {
    const login = await browser.get(`${appUrl}/auth/samsung`);
    assert.equal(login.status, 302, login.body);
    const gate = await browser.get(login.location!);
    const decision = await browser.post(new URL(formAction(gate.body, `value="${userId}"`)!, gate.url).toString(), { request: hiddenField(gate.body, 'request')!, userId, decision: 'approve' });
    return new URL(decision.location!);
  }
  const me = (browser: TestBrowser): Promise<Hop> => browser.get(`${appUrl}/me`, { accept: 'application/json' });

  it('both demo users sign in; verify gets the normalised profile', async () => {
    for (const [id, displayName, email] of [['y0zpz1a2b3', 'Alex Kim', 'alex.kim@example.com'], ['y0zpz4c5d6', 'Sam Lee', 'sam.lee@example.com']] as const) {
      const browser = new TestBrowser();
      const callback = await browser.get((await toCallback(browser, id)).toString());
      assert.equal(callback.status, 302, callback.body);
      assert.equal(callback.location, '/me');
      assert.deepEqual(JSON.parse((await me(browser)).body), { id, displayName, email });
    }
    assert.equal(sandbox.counters.get('account.profile'), 2);
  });

  it('a replayed callback and one without state are refused, with no second token call', async () => {
    const browser = new TestBrowser();
    const url = await toCallback(browser, 'y0zpz1a2b3');
    const first = await browser.get(url.toString());
    assert.equal(first.location, '/me');
    const tokenCalls = sandbox.counters.get('account.token');
    const replay = await new TestBrowser().get(url.toString());
    assert.equal(replay.status, 302);
    assert.equal(replay.location, '/?failed=1', 'another browser: no sign-in of its own');
    const sameBrowserReplay = await browser.get(url.toString());
    assert.equal(sameBrowserReplay.location, '/?failed=1', 'the same browser: the state is spent');
    const stateless = new TestBrowser();
    const noState = await toCallback(stateless, 'y0zpz1a2b3');
    noState.searchParams.delete('state');
    assert.equal((await stateless.get(noState.toString())).location, '/?failed=1');
    assert.equal((await me(stateless)).status, 401);
    assert.equal(sandbox.counters.get('account.token'), tokenCalls, 'no token call for a refused callback');
  });

  it('a state is single use even when the exchange failed: the same browser replaying it is refused', async () => {
    const browser = new TestBrowser();
    const url = await toCallback(browser, 'y0zpz4c5d6');
    sandbox.addFault({ route: 'account.token', fault: { kind: 'status', status: 500 }, times: 1 });
    const failed = await browser.get(url.toString());
    assert.equal(failed.status, 502, 'the exchange failed (the code is still good at the sandbox)');
    assert.deepEqual(JSON.parse(failed.body), { error: 'TOKEN_EXCHANGE_FAILED' }, 'a code, no stack trace');
    const replay = await browser.get(url.toString());
    assert.equal(replay.location, '/?failed=1', 'the spent state does not sign in');
    assert.equal((await me(browser)).status, 401);
  });
});
