/**
 * Row 2's servers, in one child process: our portal's `/auth/login` and one peer (BENCH_PEER):
 * express-openid-connect's `/login` (pointed at a discovery document served here), passport-oauth2
 * (`state: true`, peers.ts), or bare express-session + helmet storing a hashed random state.
 * Row 9c's `budget`: our portal again, its store's anonymous budget BENCH_ANON_BUDGET (filled by
 * the row before it measures: every login then evicts one), ours with a budget it never reaches.
 * No upstream is called by any of them at login.
 */
import type http from 'node:http';
import express from 'express';
import { auth } from 'express-openid-connect';
import { createPortalApp } from '../../src/web/app.js';
import { DEFAULT_MAX_ANONYMOUS_ENTRIES, MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { serveParent } from '../lib/child.js';
import { BENCH_SESSION_SECRET, closeServer, listen, portalConfig } from '../lib/portal.js';
import { bareApp, passportApp } from './peers.js';

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

const accountEnv = {
  SANDBOX: '0',
  SAMSUNG_CLIENT_ID: 'bench-client',
  SAMSUNG_CLIENT_SECRET: 'bench-client-secret',
  SAMSUNG_ALIAS_ID: 'bench',
  SAMSUNG_ACCOUNT_URL: idp.url,
  SAMSUNG_TOKEN_URL: `${idp.url}/auth/oauth2/token`,
  SESSION_SECRET: BENCH_SESSION_SECRET,
};
// One peer beside ours (BENCH_PEER): each pair of row 2 gets a fresh process and fresh stores.
const peerName = process.env.BENCH_PEER ?? 'bare';
const budget = Number(process.env.BENCH_ANON_BUDGET ?? DEFAULT_MAX_ANONYMOUS_ENTRIES);

const ours = await listen();
const ourStore = new MemorySessionStore(peerName === 'budget' ? { maxAnonymousEntries: 10_000_000 } : {});
ours.handle(createPortalApp(portalConfig(ours.url, ours.port, accountEnv), { sessionStore: ourStore }));

const peer = await listen();
const peerStore = new MemorySessionStore(peerName === 'budget' ? { maxAnonymousEntries: budget } : {});
const authorize = `${idp.url}/authorize?client_id=bench-client&response_type=code&redirect_uri=${encodeURIComponent(`${peer.url}/callback`)}`;
const peerSession = { store: peerStore, cookieName: 'sid', idleMinutes: 30, maxAgeMs: 12 * 3600_000 };
if (peerName === 'eoc') {
  const eocApp = express();
  eocApp.use(auth({ authRequired: false, secret: BENCH_SESSION_SECRET, baseURL: peer.url, clientID: 'bench-client', issuerBaseURL: idp.url }));
  peer.handle(eocApp);
} else if (peerName === 'passport') {
  peer.handle(
    passportApp({
      ...peerSession,
      authorizationURL: `${idp.url}/authorize`,
      tokenURL: `${idp.url}/oauth/token`,
      clientID: 'bench-client',
      clientSecret: 'bench-client-secret',
      callbackURL: `${peer.url}/auth/callback`,
    }),
  );
} else if (peerName === 'budget') {
  peer.handle(createPortalApp(portalConfig(peer.url, peer.port, accountEnv), { sessionStore: peerStore }));
} else {
  peer.handle(bareApp({ ...peerSession, authorizeUrl: authorize }));
}
const peerPath = { eoc: '/login', passport: '/auth/login', bare: '/login', budget: '/auth/login' }[peerName] ?? '/login';

serveParent(
  { ours: `${ours.url}/auth/login`, peer: `${peer.url}${peerPath}` },
  { stores: () => ({ ours: ourStore.size, peer: peerStore.size, peerEvicted: peerStore.evicted }), cpu: () => process.cpuUsage() },
  async () => {
    for (const s of [ours, peer, idp]) await closeServer(s.server as http.Server);
    ourStore.close();
    peerStore.close();
  },
);
