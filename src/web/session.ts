/**
 * express-session set up as a login helper needs it: the cookie is `__Host-` prefixed, Secure
 * on https, HttpOnly, SameSite=Lax, host-only (no Domain), path `/`; the idle timeout is the
 * cookie's max age, enforced server-side by the store (every request moves the stored session's
 * expiry); no session is stored for anonymous visitors (saveUninitialized: false).
 *
 * The browser's copy of the cookie is renewed at most once per {@link cookieRenewalMs} (not on
 * every response, as express-session's `rolling` does): a Set-Cookie on every response costs a
 * signature and a header on every request for nothing. So the browser may drop the cookie up to
 * that long before the server-side idle deadline (29 of 30 minutes), never after it.
 */
import { randomToken } from '../lib/random-token.js';
import session from 'express-session';
import type { Request, RequestHandler } from 'express';
import { MemorySessionStore } from '../stores/memory-session-store.js';

declare module 'express-session' {
  interface SessionData {
    /** When the browser last got the session cookie from a renewal (ms since epoch). */
    cookieRenewedAt?: number;
  }
}

/** Options of {@link createSessionMiddleware}. */
export interface SessionMiddlewareOptions {
  /** Signing secrets; the first signs, all verify (rotation). Each at least 32 bytes. */
  secrets: readonly string[];
  /** The app's public base URL; https turns on Secure and the `__Host-` prefix. */
  baseUrl: string;
  /** Idle timeout in minutes. Default 30. */
  idleMinutes?: number;
  /** The store; default a bounded {@link MemorySessionStore}. */
  store?: session.Store;
  /** Cookie name without prefix. Default `sak.sid`. */
  cookieName?: string;
  /** Clock of the cookie renewal, for tests. */
  now?: () => number;
}

/** How often the browser's cookie is renewed: every minute, or a tenth of a shorter idle timeout. */
export function cookieRenewalMs(idleMinutes: number): number {
  return Math.min(60_000, (idleMinutes * 60_000) / 10);
}

// Per-request facts live in weak maps, not in properties of `req`: Express gives every request
// object a new prototype, after which each property added to it costs a new hidden class
// (measured ~3 µs per property on the bench machine, on every request).
/**
 * The session cookie's name, per store: a store used under one name needs nothing per request.
 * `null`: the store serves several names, which are then recorded per request.
 */
const namesByStore = new WeakMap<session.Store, string | null>();
/** The session cookie's name, per request, for stores that serve several names. */
const cookieNames = new WeakMap<Request, string>();
/** Requests whose session was made here, not loaded from the store. */
const newSessions = new WeakSet<Request>();

/**
 * Records that this response sends the session cookie anyway (the session is new or changed),
 * so the next renewal is due one interval from now, not on the next request. The sign-in calls
 * it: without it, every request racing in right after a sign-in would write the session again.
 */
export function cookieSentNow(req: Request, now = Date.now()): void {
  if (req.session) req.session.cookieRenewedAt = now;
}

/** The session cookie's name as set by {@link createSessionMiddleware}. */
export function sessionCookieName(req: Request): string | undefined {
  return cookieNames.get(req) ?? (req.sessionStore ? (namesByStore.get(req.sessionStore) ?? undefined) : undefined);
}

export function sessionCookieNameFor(baseUrl: string, name = 'sak.sid'): string {
  return baseUrl.startsWith('https:') ? `__Host-${name}` : name;
}

/**
 * express-session set up as the login helper needs it: cookie `sak.sid` (`__Host-sak.sid`,
 * Secure, on https), HttpOnly, SameSite=Lax, host-only; idle timeout enforced server-side; no
 * session stored for anonymous visitors; a bounded {@link MemorySessionStore} by default.
 *
 * @throws TypeError when a secret is shorter than 32 bytes.
 * @example
 * ```ts
 * app.use(
 *   createSessionMiddleware({
 *     secrets: (process.env.SESSION_SECRET ?? '').split(','), // first signs, all verify
 *     baseUrl: 'https://portal.example.com',
 *     idleMinutes: 30,
 *   }),
 * );
 * ```
 */
export function createSessionMiddleware(options: SessionMiddlewareOptions): RequestHandler {
  if (options.secrets.length === 0 || options.secrets.some((s) => Buffer.byteLength(s) < 32)) {
    throw new TypeError('createSessionMiddleware: every secret must be at least 32 bytes');
  }
  const https = options.baseUrl.startsWith('https:');
  const name = sessionCookieNameFor(options.baseUrl, options.cookieName);
  const idleMinutes = options.idleMinutes ?? 30;
  const renewalMs = cookieRenewalMs(idleMinutes);
  const now = options.now ?? Date.now;
  const store = options.store ?? new MemorySessionStore();
  const known = namesByStore.get(store);
  namesByStore.set(store, known === undefined || known === name ? name : null);
  const middleware = session({
    name,
    secret: [...options.secrets],
    store,
    resave: false,
    saveUninitialized: false,
    // Not rolling: the cookie is sent when the session changes, and renewed below.
    rolling: false,
    unset: 'keep',
    genid: (req) => {
      newSessions.add(req);
      return randomToken(24);
    },
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: https,
      path: '/',
      maxAge: idleMinutes * 60 * 1000,
    },
  });
  return (req, res, next) => {
    if (namesByStore.get(store) === null) cookieNames.set(req, name);
    middleware(req, res, (err?: unknown) => {
      // A stored session whose cookie is due for renewal: marking it changed makes
      // express-session save it and send the cookie with a fresh expiry. A session made by this
      // request is left alone (an anonymous visitor must not get one stored).
      const s = req.session;
      if (!err && s && !newSessions.has(req)) {
        const t = now();
        if (!(t - (s.cookieRenewedAt ?? 0) < renewalMs)) s.cookieRenewedAt = t;
      }
      next(err);
    });
  };
}
