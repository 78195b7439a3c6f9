/**
 * What integrators build by hand, as the peers of rows 1 and 2 (in the same child process as
 * ours, on a store of the same class):
 *
 * - `bare`: express-session + helmet() (its defaults); `/api/session` reads the session our
 *   portal wrote (same store, cookie name and secret) and answers what ours does, `/login` stores a hashed random state and
 *   redirects.
 * - `passport`: express-session + helmet() + passport 0.7 (`passport.session()`) + passport-oauth2
 *   with `state: true` (its session state store), `/auth/login`, `/auth/callback` (code exchange
 *   at the sandbox's token endpoint, passport's session regeneration), `/me` reading `req.user`
 *   and answering the fields ours does (the user, a CSRF token, the session's end; no name or
 *   email, which it never fetched), its user keeping the refresh token.
 */
import { createHash, randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import passport from 'passport';
import OAuth2Strategy from 'passport-oauth2';
import '../../src/web/session-data.js';
import { BENCH_SESSION_SECRET } from '../lib/portal.js';

export type PeerName = 'bare' | 'passport' | 'eoc';

export interface SessionSettings {
  store: session.Store;
  cookieName: string;
  idleMinutes: number;
}

function sessionMiddleware(s: SessionSettings): express.RequestHandler {
  return session({
    name: s.cookieName,
    secret: [BENCH_SESSION_SECRET],
    store: s.store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: s.idleMinutes * 60_000 },
  });
}

/** express-session + helmet(), nothing else: the floor. */
export function bareApp(s: SessionSettings & { maxAgeMs: number; authorizeUrl: string }): Express {
  const app = express();
  app.use(helmet());
  app.use(sessionMiddleware(s));
  app.get('/api/session', (req, res) => {
    const data = req.session.samsungAuth;
    if (!data?.user) {
      res.status(401).json({ error: { code: 'UNAUTHENTICATED' } });
      return;
    }
    res.set('cache-control', 'no-store').json({
      authenticated: true,
      // The same answer as ours (the user's id, name and email), so both do the same work.
      user: { id: data.user.id, ...(data.user.profile?.name ? { name: data.user.profile.name } : {}), ...(data.user.profile?.email ? { email: data.user.profile.email } : {}) },
      csrfToken: data.csrf,
      expiresAt: new Date(data.user.signedInAt + s.maxAgeMs).toISOString(),
    });
  });
  app.get('/login', (req, res) => {
    const state = randomBytes(32).toString('base64url');
    // Stored hashed, as ours does: the plain state only ever crosses the browser.
    (req.session as unknown as { state: string }).state = createHash('sha256').update(state).digest('base64url');
    res.redirect(302, `${s.authorizeUrl}&state=${state}`);
  });
  return app;
}

export interface PassportSettings extends SessionSettings {
  /** Absolute session lifetime, ms (for the expiry `/me` answers). */
  maxAgeMs: number;
  authorizationURL: string;
  tokenURL: string;
  clientID: string;
  clientSecret: string;
  callbackURL: string;
}

/**
 * What the passport peer keeps of a sign-in: what it needs to answer `/me` as ours answers
 * `/api/session` (the expiry, a CSRF token for its JSON API) and to keep the token valid (the
 * refresh token and its expiry), as an integrator doing the same job would.
 */
interface PeerUser {
  id: string;
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: number;
  signedInAt: number;
  csrf: string;
}

/** Passport + passport-oauth2 + express-session + helmet(), as its README sets it up. */
export function passportApp(s: PassportSettings): Express {
  const auth = new passport.Passport();
  auth.use(
    'samsung',
    new OAuth2Strategy(
      { authorizationURL: s.authorizationURL, tokenURL: s.tokenURL, clientID: s.clientID, clientSecret: s.clientSecret, callbackURL: s.callbackURL, state: true },
      (accessToken: string, refreshToken: string, params: { userId?: string; expires_in?: number | string }, _profile: unknown, done: (err: unknown, user?: PeerUser) => void) => {
        const now = Date.now();
        done(null, {
          id: String(params.userId),
          accessToken,
          refreshToken,
          accessTokenExpiresAt: now + Number(params.expires_in ?? 0) * 1000,
          signedInAt: now,
          csrf: randomBytes(24).toString('base64url'),
        });
      },
    ),
  );
  auth.serializeUser((user, done) => done(null, user));
  auth.deserializeUser((user: PeerUser, done) => done(null, user));

  const app = express();
  app.use(helmet());
  app.use(sessionMiddleware(s));
  app.use(auth.initialize());
  app.use(auth.session());
  app.get('/auth/login', auth.authenticate('samsung'));
  app.get('/auth/callback', auth.authenticate('samsung', { failureRedirect: '/failed' }), (_req, res) => {
    res.redirect(303, '/me');
  });
  app.get('/me', (req, res) => {
    const user = req.user as PeerUser | undefined;
    if (!user) {
      res.status(401).json({ error: { code: 'UNAUTHENTICATED' } });
      return;
    }
    res.set('cache-control', 'no-store').json({
      authenticated: true,
      user: { id: user.id },
      csrfToken: user.csrf,
      expiresAt: new Date(user.signedInAt + s.maxAgeMs).toISOString(),
    });
  });
  return app;
}
