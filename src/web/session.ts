/**
 * express-session set up as a login helper needs it: the cookie is `__Host-` prefixed, Secure
 * on https, HttpOnly, SameSite=Lax, host-only (no Domain), path `/`; the idle timeout is the
 * cookie's (rolling) max age, enforced server-side by the store; no session is stored for
 * anonymous visitors (saveUninitialized: false).
 */
import session from 'express-session';
import type { Request, RequestHandler } from 'express';
import { MemorySessionStore } from '../stores/memory-session-store.js';

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
}

const COOKIE_NAME = Symbol('samsungAuth.cookieName');

type WithCookieName = Request & { [COOKIE_NAME]?: string };

/** The session cookie's name as set by {@link createSessionMiddleware}. */
export function sessionCookieName(req: Request): string | undefined {
  return (req as WithCookieName)[COOKIE_NAME];
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
  const middleware = session({
    name,
    secret: [...options.secrets],
    store: options.store ?? new MemorySessionStore(),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'keep',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: https,
      path: '/',
      maxAge: (options.idleMinutes ?? 30) * 60 * 1000,
    },
  });
  return (req, res, next) => {
    (req as WithCookieName)[COOKIE_NAME] = name;
    middleware(req, res, next);
  };
}
