/**
 * A whole run with marker values for every secret: none may appear in the log output, in pages,
 * or in the Location headers we build (beyond the protocol's own: state to signInGate).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession, openSignInGate, decide } from '../helpers/sign-in.js';

const CLIENT_SECRET = 'MARKER-CLIENT-SECRET-7f3a9c1e5b2d4680';
const SESSION_SECRET = 'MARKER-SESSION-SECRET-0123456789abcdef0123';

describe('secrets stay out of logs, pages and URLs', () => {
  it('a full flow, a failed callback and a logout leave no secret in the captured logs', async () => {
    const stack = await startStack({
      sandbox: { client: { clientSecret: CLIENT_SECRET } },
      env: { SESSION_SECRET },
    });
    try {
      const browser = new TestBrowser();
      const walk = await signIn(browser, stack.portalUrl, stack.sandbox.demoUsers[0]!.id);
      const sessionCookie = browser.cookies(stack.portalUrl).get('sak.sid')!;
      const sid = decodeURIComponent(sessionCookie).slice(2).split('.')[0]!;
      const csrf = (await apiSession(browser, stack.portalUrl)).body.csrfToken as string;

      // A failure path too: a wrong state in a second browser.
      const other = new TestBrowser();
      const gate = await openSignInGate(other, stack.portalUrl);
      const decision = await decide(other, gate.gate, { userId: stack.sandbox.demoUsers[1]!.id });
      const failedCode = new URL(decision.location!).searchParams.get('code')!;
      const wrong = new URL(decision.location!);
      wrong.searchParams.set('state', 'MARKER-WRONG-STATE');
      assert.equal((await other.get(wrong.toString())).status, 400);
      const preLoginCookie = other.cookies(stack.portalUrl).get('sak.sid')!;

      const logout = await browser.post(`${stack.portalUrl}/auth/logout`, { _csrf: csrf }, { origin: stack.portalUrl });
      assert.equal(logout.status, 303);

      const [accessToken] = stack.sandbox.account.issuedAccessTokens();
      assert.ok(accessToken);
      const secrets: Record<string, string> = {
        clientSecret: CLIENT_SECRET,
        sessionSecret: SESSION_SECRET,
        state: walk.state,
        code: walk.code!,
        failedCode,
        otherState: gate.state,
        accessToken,
        sessionId: sid,
        sessionCookie: decodeURIComponent(sessionCookie),
        preLoginSessionId: decodeURIComponent(preLoginCookie).slice(2).split('.')[0]!,
        csrf,
      };
      const logText = stack.logs.join('\n');
      assert.ok(stack.logs.length > 10, 'logs were captured');
      assert.match(logText, /"event":"signed_in"/);
      for (const [name, value] of Object.entries(secrets)) {
        assert.ok(!logText.includes(value), `${name} must not be logged`);
      }
      // Pages: the access token and secret appear nowhere the browser saw.
      for (const hop of [...browser.history, ...other.history]) {
        for (const name of ['clientSecret', 'sessionSecret', 'accessToken'] as const) {
          assert.ok(!hop.body.includes(secrets[name]!), `${name} must not be in the page at ${hop.url}`);
          assert.ok(!(hop.location ?? '').includes(secrets[name]!), `${name} must not be in a Location header`);
        }
      }
      // Our own redirects never carry the code or the session id.
      const ours = [...browser.history, ...other.history].filter((h) => h.url.startsWith(stack.portalUrl));
      for (const hop of ours) {
        assert.ok(!(hop.location ?? '').includes(walk.code!), 'no code in our Location headers');
        assert.ok(!(hop.location ?? '').includes(sid), 'no session id in our Location headers');
      }
    } finally {
      await stack.close();
    }
  });
});
