/**
 * Row 2's servers, in one child process: our portal's `/auth/login`, express-openid-connect's
 * `/login` (pointed at a discovery document served here), and a bare Express app that stores a
 * random state in express-session and redirects. No upstream is called by any of them at login.
 */
import type http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import express from 'express';
import session from 'express-session';
import { auth } from 'express-openid-connect';
import { createPortalApp } from '../../src/web/app.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { serveParent } from '../lib/child.js';
import { BENCH_SESSION_SECRET, closeServer, listen, portalConfig } from '../lib/portal.js';

// The "identity provider": a discovery document and nothing else is needed for a login redirect.
const idp = await listen();
const discovery = JSON.stringify({
  issuer: `${idp.url}/`,
  authorization_endpoint: `${idp.url}/authorize`,
  token_endpoint: `${idp.url}/oauth/token`,
  jwks_uri: `${idp.url}/.well-known/jwks.json`,
  response_types_supported: ['code', 'id_token', 'code id_token'],
  response_modes_supported: ['query', 'form_post'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  scopes_supported: ['openid', 'profile', 'email'],
});
idp.handle((req, res) => {
  if (req.url === '/.well-known/openid-configuration') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(discovery);
  } else if (req.url === '/.well-known/jwks.json') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  } else {
    res.writeHead(404).end();
  }
});

const ours = await listen();
const config = portalConfig(ours.url, ours.port, {
  SANDBOX: '0',
  SAMSUNG_CLIENT_ID: 'bench-client',
  SAMSUNG_CLIENT_SECRET: 'bench-client-secret',
  SAMSUNG_ALIAS_ID: 'bench',
  SAMSUNG_ACCOUNT_URL: idp.url,
  SAMSUNG_TOKEN_URL: `${idp.url}/auth/oauth2/token`,
  SESSION_SECRET: BENCH_SESSION_SECRET,
});
const ourStore = new MemorySessionStore();
ours.handle(createPortalApp(config, { sessionStore: ourStore }));

const eoc = await listen();
const eocApp = express();
eocApp.use(
  auth({
    authRequired: false,
    secret: BENCH_SESSION_SECRET,
    baseURL: eoc.url,
    clientID: 'bench-client',
    issuerBaseURL: idp.url,
  }),
);
eoc.handle(eocApp);

const bare = await listen();
const bareStore = new MemorySessionStore();
const bareApp = express();
bareApp.use(
  session({
    name: 'sid',
    secret: BENCH_SESSION_SECRET,
    store: bareStore,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 30 * 60_000 },
  }),
);
const authorize = `${idp.url}/authorize?client_id=bench-client&response_type=code&redirect_uri=${encodeURIComponent(`${bare.url}/callback`)}`;
bareApp.get('/login', (req, res) => {
  const state = randomBytes(32).toString('base64url');
  // Stored hashed, as ours does: the plain state only ever crosses the browser.
  (req.session as unknown as { state: string }).state = createHash('sha256').update(state).digest('base64url');
  res.redirect(302, `${authorize}&state=${state}`);
});
bare.handle(bareApp);

serveParent(
  { ours: `${ours.url}/auth/login`, eoc: `${eoc.url}/login`, bare: `${bare.url}/login` },
  { stores: () => ({ ours: ourStore.size, bare: bareStore.size }) },
  async () => {
    for (const s of [ours, eoc, bare, idp]) await closeServer(s.server as http.Server);
    ourStore.close();
    bareStore.close();
  },
);
