/**
 * Interop with a server nobody on this team wrote: the login helper signs in against
 * oidc-provider (a certified OAuth 2.0 / OpenID Connect server), configured as a plain OAuth 2.0
 * authorization server with client_secret_post. This proves the helper is not tuned to its own
 * sandbox: oidc-provider validates the authorization request, authenticates the client, enforces
 * single-use codes and the exact redirect_uri, and issues the token.
 *
 * The one Samsung-specific piece is added around it: Samsung's token response carries `userId`
 * (seed 004), a standard one does not, so a thin wrapper adds the grant's account id to it.
 * And the Galaxy JWT verifies with a second independent JWT library (fast-jwt).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Provider from 'oidc-provider';
import { createVerifier } from 'fast-jwt';
import { generateKeyPairSync } from 'node:crypto';
import { createSessionMiddleware, samsungAuth, requiresAuth } from '../../src/index.js';
import { createGalaxyJwt } from '../../src/galaxy/create-jwt.js';
import { parsePrivateKey } from '../../src/galaxy/load-private-key.js';
import { TestBrowser } from '../helpers/browser.js';

const CLIENT_ID = 'interop-client';
const CLIENT_SECRET = 'interop-secret-0123456789abcdefghijklmnopqrstuv';
const ACCOUNT = 'interop-user-42';
/** oidc-provider grants nothing without a scope; a non-OpenID one keeps this plain OAuth 2.0. */
const SCOPE = 'portal';

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The login helper, as a standard-OAuth integrator would mount it, against the server at `issuer`. */
function mountLoginHelper(app: express.Express, appUrl: string, issuer: string, client: { id: string; secret: string }): void {
  app.use(createSessionMiddleware({ secrets: ['interop-session-secret-0123456789abcdef'], baseUrl: appUrl }));
  app.use(
    samsungAuth({
      clientId: client.id,
      clientSecret: client.secret,
      aliasId: 'unused',
      accountUrl: issuer,
      signInPath: '/auth',
      signOutPath: '/session/end',
      tokenUrl: `${issuer}/token`,
      responseType: 'code',
      authorizationParams: { scope: SCOPE },
      redirectUri: `${appUrl}/auth/callback`,
      signOutUrl: `${appUrl}/`,
    }),
  );
  app.get('/me', requiresAuth(), (req, res) => {
    res.json({ id: req.samsungAuth!.user!.id });
  });
}

describe('interop with oidc-provider (plain OAuth 2.0, client_secret_post)', () => {
  let provider: Provider;
  let as: { server: http.Server; url: string };
  let portal: { server: http.Server; url: string };
  let other: { server: http.Server; url: string; app: express.Express };
  const tokenRequests: string[] = [];

  before(async () => {
    // Reserve the portal's address first: the client's redirect_uri must be registered.
    const app = express();
    portal = await listen(app);
    const redirectUri = `${portal.url}/auth/callback`;
    const otherApp = express();
    other = { ...(await listen(otherApp)), app: otherApp };

    as = await listen(() => undefined);
    const issuer = as.url;
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
        {
          client_id: 'interop-client-2',
          client_secret: 'the-right-secret-0123456789abcdefghijklmnopqrst',
          redirect_uris: [`${other.url}/auth/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      scopes: [SCOPE],
      findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
      cookies: { keys: ['interop-cookie-key-0123456789'] },
    });
    // Samsung's token response names the user (seed 004: "userId"); a standard one does not.
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.path === '/token') tokenRequests.push(new URLSearchParams((ctx.oidc as unknown as { body?: Record<string, string> })?.body ?? {}).toString());
      if (ctx.path === '/token' && ctx.status === 200) {
        const body = ctx.body as { access_token: string };
        const token = await provider.AccessToken.find(body.access_token);
        ctx.body = { ...body, userId: token?.accountId };
      }
    });
    const callback = provider.callback();
    as.server.removeAllListeners('request');
    as.server.on('request', (req, res) => {
      const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
      if (!match) return callback(req, res);
      // The "user" signs in and consents at once.
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        const grant = new provider.Grant({ accountId: ACCOUNT, clientId: String(details.params.client_id) });
        grant.addOIDCScope(SCOPE);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: ACCOUNT }, consent: { grantId } }, { mergeWithLastSubmission: false });
      })().catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });

    mountLoginHelper(app, portal.url, issuer, { id: CLIENT_ID, secret: CLIENT_SECRET });
  });

  after(() => {
    for (const s of [portal?.server, other?.server, as?.server]) {
      s?.closeAllConnections();
      s?.close();
    }
  });

  it('signs in: oidc-provider validates the request, the client (client_secret_post) and the code', async () => {
    const browser = new TestBrowser();
    let hop = await browser.get(`${portal.url}/auth/login`);
    assert.equal(hop.status, 302);
    const authorize = new URL(hop.location!);
    assert.equal(authorize.origin, as.url);
    const hops = await browser.follow(hop, 12);
    hop = hops.at(-1)!;
    const callback = hops.find((h) => h.url.startsWith(`${portal.url}/auth/callback`));
    assert.ok(callback, `reached our callback: ${hops.map((h) => `${h.status} ${h.url}`).join(' -> ')}`);
    assert.equal(callback.status, 303, `${callback.url}\n${callback.body.slice(callback.body.indexOf("<main"), callback.body.indexOf("<main") + 900)}`);
    const me = await browser.get(`${portal.url}/me`, { accept: 'application/json' });
    assert.equal(me.status, 200);
    assert.deepEqual(JSON.parse(me.body), { id: ACCOUNT });
    assert.equal(tokenRequests.length, 1);
    const form = new URLSearchParams(tokenRequests[0]);
    assert.equal(form.get('client_secret'), CLIENT_SECRET, 'client_secret_post: the secret in the form body');
    assert.equal(form.get('grant_type'), 'authorization_code');

    // oidc-provider itself refuses the same code twice.
    const replay = await fetch(`${as.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: new URL(callback.url).searchParams.get('code')!, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: `${portal.url}/auth/callback` }),
    });
    assert.equal(replay.status, 400);
  });

  it('a wrong client secret is refused by oidc-provider (invalid_client): 502, the user stays signed out', async () => {
    mountLoginHelper(other.app, other.url, as.url, { id: 'interop-client-2', secret: 'a-wrong-secret' });
    const browser = new TestBrowser();
    const hops = await browser.follow(await browser.get(`${other.url}/auth/login`), 12);
    const callback = hops.find((h) => h.url.startsWith(`${other.url}/auth/callback`));
    assert.ok(callback, 'the code came back');
    assert.equal(callback.status, 502);
    assert.doesNotMatch(callback.body, /invalid_client|client credentials/, 'the OAuth error and operator advice stay off the page');
    assert.match(callback.body, /<code>TOKEN_EXCHANGE_FAILED<\/code>/);
    assert.equal((await browser.get(`${other.url}/me`, { accept: 'application/json' })).status, 401);
  });

  it('an unregistered redirect_uri gets no code from oidc-provider', async () => {
    const app = express();
    const stray = await listen(app);
    try {
      mountLoginHelper(app, stray.url, as.url, { id: CLIENT_ID, secret: CLIENT_SECRET });
      const browser = new TestBrowser();
      const hops = await browser.follow(await browser.get(`${stray.url}/auth/login`), 12);
      assert.ok(!hops.some((h) => h.url.startsWith(`${stray.url}/auth/callback`)), 'no redirect back with a code');
      assert.equal(hops.at(-1)!.status, 400);
    } finally {
      stray.server.closeAllConnections();
      stray.server.close();
    }
  });
});

describe('the Galaxy JWT with a second independent JWT library', () => {
  it('verifies with fast-jwt (RS256, typ JWT, the claims Samsung reads)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = parsePrivateKey(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), { source: 'text', origin: 'test' });
    const now = Date.now();
    const jwt = createGalaxyJwt({ serviceAccountId: 'sa-1', scopes: ['publishing', 'gss'], privateKey: key, now });
    const verify = createVerifier({ key: publicKey.export({ type: 'spki', format: 'pem' }), algorithms: ['RS256'], complete: true });
    const decoded = verify(jwt) as { header: { alg: string; typ: string }; payload: { iss: string; scopes: string[]; iat: number; exp: number } };
    assert.deepEqual(decoded.header, { alg: 'RS256', typ: 'JWT' });
    assert.equal(decoded.payload.iss, 'sa-1');
    assert.deepEqual(decoded.payload.scopes, ['publishing', 'gss']);
    assert.ok(decoded.payload.exp - decoded.payload.iat <= 1200);
    assert.ok(Math.abs(decoded.payload.iat - Math.floor(now / 1000)) <= 60);
  });
});
