/** The login helper mounted in an integrator's own Express app, as the README shows it. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSessionMiddleware, samsungAuth, requiresAuth, SamsungAuthError, ConfigError } from '../../src/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { TestBrowser } from '../helpers/browser.js';
import { openSignInGate, decide } from '../helpers/sign-in.js';

const SECRET = 'library-usage-session-secret-0123456789abcdef';

async function serve(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('library usage', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  function app(onSignIn?: (userId: string) => void): { app: express.Express; setUrl: (u: string) => void } {
    const a = express();
    let base = '';
    a.use(createSessionMiddleware({ secrets: [SECRET], baseUrl: 'http://127.0.0.1' }));
    const router = express.Router();
    a.use((req, res, next) => router(req, res, next));
    a.get('/me', requiresAuth(), (req, res) => {
      res.json({ id: req.samsungAuth!.user!.id });
    });
    return {
      app: a,
      setUrl(u) {
        base = u;
        sandbox.account.registerRedirectUri(`${base}/auth/callback`);
        router.use(
          samsungAuth({
            clientId: sandbox.client.clientId,
            clientSecret: sandbox.client.clientSecret,
            aliasId: sandbox.client.aliasId,
            accountUrl: sandbox.accountUrl,
            tokenUrl: sandbox.tokenUrl,
            redirectUri: `${base}/auth/callback`,
            signOutUrl: `${base}/`,
            ...(onSignIn
              ? {
                  onSignIn: (_req: express.Request, tokens: { userId: string }) => onSignIn(tokens.userId),
                }
              : {}),
          }),
        );
      },
    };
  }

  it('signs in and protects a route', async () => {
    const { app: a, setUrl } = app();
    const server = await serve(a);
    setUrl(server.url);
    try {
      const browser = new TestBrowser();
      const { gate } = await openSignInGate(browser, server.url);
      const decision = await decide(browser, gate, { userId: sandbox.demoUsers[0]!.id });
      assert.equal((await browser.get(decision.location!)).status, 303);
      const me = await browser.get(`${server.url}/me`, { accept: 'application/json' });
      assert.deepEqual(JSON.parse(me.body), { id: sandbox.demoUsers[0]!.id });
    } finally {
      await server.close();
    }
  });

  it('an onSignIn hook that throws leaves the browser signed out', async () => {
    const { app: a, setUrl } = app((userId) => {
      if (userId === sandbox.demoUsers[1]!.id) throw new SamsungAuthError('ACCESS_DENIED', 'Not on the allow-list.', { status: 403 });
    });
    const server = await serve(a);
    setUrl(server.url);
    try {
      const browser = new TestBrowser();
      const { gate } = await openSignInGate(browser, server.url);
      const decision = await decide(browser, gate, { userId: sandbox.demoUsers[1]!.id });
      const callback = await browser.get(decision.location!);
      assert.equal(callback.status, 403);
      assert.equal((await browser.get(`${server.url}/me`, { accept: 'application/json' })).status, 401);
    } finally {
      await server.close();
    }
  });

  it('refuses bad options at once, listing every problem', () => {
    assert.throws(
      () => samsungAuth({ clientId: '', clientSecret: '', aliasId: 'a b', redirectUri: 'nope', signOutUrl: 'https://x.example/', tokenUrl: 'http://evil.example/t' }),
      (err: unknown) => err instanceof ConfigError && err.problems.map((p) => p.variable).join(',') === 'clientId,clientSecret,aliasId,tokenUrl,redirectUri',
    );
  });

  it('onError receives a callback failure first: it may answer itself, or call next() for the built-in page', async () => {
    const seen: string[] = [];
    for (const mode of ['own', 'built-in'] as const) {
      const a = express();
      a.use(createSessionMiddleware({ secrets: [SECRET], baseUrl: 'http://127.0.0.1' }));
      const server = await serve(a);
      sandbox.account.registerRedirectUri(`${server.url}/auth/callback`);
      a.use(
        samsungAuth({
          clientId: sandbox.client.clientId,
          clientSecret: 'a-wrong-secret',
          aliasId: sandbox.client.aliasId,
          accountUrl: sandbox.accountUrl,
          tokenUrl: sandbox.tokenUrl,
          apiUrl: sandbox.url,
          redirectUri: `${server.url}/auth/callback`,
          signOutUrl: `${server.url}/`,
          onError: (err, _req, res, next) => {
            seen.push(`${err.code}:${(err as { samsungErrorCode?: string }).samsungErrorCode ?? ''}`);
            if (mode === 'own') res.status(418).type('text').send(`our own page for ${err.code}`);
            else next();
          },
        }),
      );
      try {
        const browser = new TestBrowser();
        const { gate } = await openSignInGate(browser, server.url);
        const decision = await decide(browser, gate, { userId: sandbox.demoUsers[0]!.id });
        const hop = await browser.get(decision.location!);
        if (mode === 'own') {
          assert.equal(hop.status, 418);
          assert.equal(hop.body, 'our own page for TOKEN_EXCHANGE_FAILED');
        } else {
          assert.equal(hop.status, 502);
          assert.match(hop.body, /<code>TOKEN_EXCHANGE_FAILED<\/code>/);
          assert.doesNotMatch(hop.body, /AUT_1702|invalid_client/, "Samsung's codes stay off the page");
        }
      } finally {
        await server.close();
      }
    }
    assert.deepEqual(seen, ['TOKEN_EXCHANGE_FAILED:AUT_1702', 'TOKEN_EXCHANGE_FAILED:AUT_1702'], "the typed error, with Samsung's error_code");
  });
});
