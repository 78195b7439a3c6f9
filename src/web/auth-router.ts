/**
 * "Sign in with Samsung Account" for Express: `GET /auth/login`, `GET /auth/callback`,
 * `POST /auth/logout` (paths configurable), and `req.samsungAuth` on every request.
 */
import express, { type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import { SamsungAuthError, isSamsungAuthError, safeIdentifier, storeUnavailable } from '../errors.js';
import { resolveAccountOptions, type SamsungAccountOptions, type OptionNames } from '../account/options.js';
import { buildSignInUrl } from '../account/sign-in-url.js';
import { buildSignOutUrl } from '../account/sign-out-url.js';
import { safeReturnTo } from '../account/return-to.js';
import { parseCallbackParams, rawQuery, singleQueryValue } from '../account/callback-params.js';
import { startPendingLogin, takePendingLogin } from '../account/login-state.js';
import { TokenExchange, type SamsungTokens } from '../account/token-exchange.js';
import type { FetchLike } from '../http/request.js';
import type { CircuitBreaker } from '../http/circuit-breaker.js';
import { MemoryRateLimiter, type RateLimiter } from '../stores/rate-limiter.js';
import { CircuitBreakers } from '../http/circuit-breakers.js';
import { silentLogger, type Logger } from '../log.js';
import { newCsrfToken, verifyCsrf } from './csrf.js';
import { cookieSentNow, sessionCookieName } from './session.js';
import { redirect } from './redirect.js';
import { requestIdOf } from './request-id.js';
import { sendError, toPublicError } from './error-response.js';
import type { SamsungSessionData } from './session-data.js';
import { RequestAuthContext, setAuthContext } from './auth-context.js';
import './session-data.js';

/** Paths of the login helper's routes. */
export interface SamsungAuthRoutes {
  login?: string;
  callback?: string;
  logout?: string;
}

/** Options of {@link samsungAuth}: the Samsung Account client, then the helper's own settings. Defaults in docs/reference.md. */
export interface SamsungAuthOptions extends SamsungAccountOptions {
  /** Route paths. Defaults `/auth/login`, `/auth/callback`, `/auth/logout`. */
  routes?: SamsungAuthRoutes;
  /** Where the browser lands after sign-in when no usable `returnTo` was given. Default `/account`. */
  afterSignInPath?: string;
  /** Absolute session lifetime after sign-in, in hours. Default 12. */
  sessionMaxHours?: number;
  /**
   * This app's origin, for the same-origin check on logout. Default: the origin of
   * `redirectUri` (never the request's Host header).
   */
  appOrigin?: string;
  logger?: Logger;
  /** Clock, for tests. */
  now?: () => number;
  /** fetch substitute for the token call, for instrumentation. */
  fetch?: FetchLike;
  /**
   * Circuit breaker of the configured token endpoint (answers 503 at once while Samsung is
   * failing); each regional host a callback names gets its own with the same settings.
   */
  breaker?: CircuitBreaker;
  /** Extra data given to the error page (app name, sandbox badge). */
  viewData?: Record<string, unknown>;
  /**
   * Called after the token exchange and before the user is put in the session (e.g. to check an
   * allow-list or load a profile); if it throws, the sign-in fails and the browser stays signed out.
   */
  onSignIn?: (req: Request, tokens: SamsungTokens) => void | Promise<void>;
  /**
   * Counts sign-in attempts (login and callback, each) per client address (`req.ip`: set Express's
   * `trust proxy` behind a proxy), answering 429 beyond its limit. Default 60 per minute in
   * memory; pass a shared limiter (e.g. `RedisRateLimiter`) for several instances, or `false`.
   */
  signInRateLimiter?: RateLimiter | false;
}

/** How long a pending login's session outlives its state, so a late callback gets STATE_EXPIRED. */
const PENDING_GRACE_SECONDS = 300;

const DEFAULT_ROUTES = { login: '/auth/login', callback: '/auth/callback', logout: '/auth/logout' } as const;

/**
 * Creates the login helper's middleware: `GET /auth/login`, `GET /auth/callback`, `POST /auth/logout`
 * (paths configurable), and `req.samsungAuth` ({@link SamsungAuthContext}) on every request.
 * Mount {@link createSessionMiddleware} (or express-session) before it.
 *
 * Options are checked here, once: bad ones throw a {@link ConfigError} listing every problem.
 *
 * @param options the Samsung Account client and the helper's settings.
 * @param names how options are named in error messages (the env loader passes variable names).
 * @see docs/reference.md for every option and its default.
 * @example
 * ```ts
 * app.use(createSessionMiddleware({ secrets: [process.env.SESSION_SECRET!], baseUrl: 'https://portal.example.com' }));
 * app.use(
 *   samsungAuth({
 *     clientId: process.env.SAMSUNG_CLIENT_ID!,
 *     clientSecret: process.env.SAMSUNG_CLIENT_SECRET!,
 *     aliasId: process.env.SAMSUNG_ALIAS_ID!,
 *     redirectUri: 'https://portal.example.com/auth/callback',
 *     signOutUrl: 'https://portal.example.com/',
 *   }),
 * );
 * app.get('/account', requiresAuth(), (req, res) => {
 *   res.send(`Hello ${req.samsungAuth!.user!.id}`);
 * });
 * ```
 */
export function samsungAuth(options: SamsungAuthOptions, names: OptionNames = {}): RequestHandler {
  const account = resolveAccountOptions(options, names);
  const routes = { ...DEFAULT_ROUTES, ...options.routes };
  const afterSignIn = safeReturnTo(options.afterSignInPath ?? '/account', '/');
  const maxAgeMs = (options.sessionMaxHours ?? 12) * 3600 * 1000;
  const appOrigin = new URL(options.appOrigin ?? account.redirectUri).origin;
  const logger = options.logger ?? silentLogger();
  const now = options.now ?? Date.now;
  const exchange = new TokenExchange(account, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.breaker ? { breakers: new CircuitBreakers(options.breaker, account.tokenUrl) } : {}),
    now,
    onUntrustedAuthServer: (host) =>
      logger.warn({ event: 'auth_server_url_ignored', host: host.slice(0, 253) }, 'callback named a token host that is not trusted; using the configured token URL'),
  });
  const errorOptions = { retryPath: routes.login, view: options.viewData ?? {} };
  const limiter = options.signInRateLimiter === false ? undefined : (options.signInRateLimiter ?? new MemoryRateLimiter({ limit: 60, windowMs: 60_000 }));
  const limited = async (req: Request, route: 'login' | 'callback') => {
    const verdict = await limiter?.hit(`signin|${route}|${req.ip ?? 'unknown'}`);
    if (verdict && !verdict.allowed) {
      logger.warn({ event: 'sign_in_rate_limited', route }, 'too many sign-in attempts from one client');
      const err = new SamsungAuthError('RATE_LIMITED', 'Too many sign-in attempts from your network.', { status: 429, hint: `Try again in ${verdict.retryAfterSeconds} s.` });
      err.retryAfterSeconds = verdict.retryAfterSeconds;
      throw err;
    }
  };
  const https = appOrigin.startsWith('https:');
  let warnedInsecure = false;

  const contextSettings = { maxAgeMs, loginPath: routes.login, afterSignIn };
  const attachContext = (req: Request, data: SamsungSessionData | undefined): void => {
    setAuthContext(req, new RequestAuthContext(contextSettings, data?.user, data?.csrf));
  };
  const router = express.Router();

  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    res.set('pragma', 'no-cache');
    next();
  };

  router.get(routes.login, noStore, async (req, res, next) => {
    try {
      await limited(req, 'login');
      const returnTo = safeReturnTo(singleQueryValue(rawQuery(req.originalUrl), 'returnTo'), afterSignIn);
      const data = (req.session.samsungAuth ??= {});
      const started = startPendingLogin(data.pending, returnTo, {
        now: now(),
        ttlSeconds: account.stateTtlSeconds,
        max: account.maxPendingLogins,
      });
      data.pending = started.pending;
      // Anonymous until the callback: such a session lives only as long as its sign-in may take
      // (plus a few minutes, so a late return still hears that it expired), so a flood of
      // started logins cannot pile up in the store.
      if (!data.user) req.session.cookie.maxAge = (account.stateTtlSeconds + PENDING_GRACE_SECONDS) * 1000;
      await save(req);
      if (https && !req.secure && !warnedInsecure) {
        warnedInsecure = true;
        logger.warn(
          { event: 'insecure_request_for_https_app' },
          'the app is configured for https but this request arrived over http: set TRUST_PROXY behind a TLS proxy, or the session cookie will not be sent',
        );
      }
      logger.info({ event: 'login_started' }, 'redirecting to signInGate');
      redirect(res, 302, buildSignInUrl(account, started.state));
    } catch (err) {
      next(err);
    }
  });

  router.get(routes.callback, noStore, async (req, res) => {
    let detail: string | undefined;
    try {
      await limited(req, 'callback');
      const params = parseCallbackParams(rawQuery(req.originalUrl));
      const data = req.session.samsungAuth;
      // No sign-in ever started here. (One that was, but whose states are all used or expired,
      // answers STATE_MISMATCH / STATE_EXPIRED below.)
      if (!data?.pending) {
        throw new SamsungAuthError('LOGIN_NOT_STARTED', 'This browser has no sign-in in progress, so the answer from Samsung Account cannot be trusted.', {
          status: 400,
          hint: 'Check the causes above, then start the sign-in again.',
        });
      }
      if (!params.state) {
        throw new SamsungAuthError('STATE_MISSING', 'The answer from Samsung Account carried no state.', {
          status: 400,
          hint: 'Start the sign-in again from this site.',
        });
      }
      let login;
      try {
        const taken = takePendingLogin(data.pending, params.state, { now: now(), ttlSeconds: account.stateTtlSeconds });
        login = taken.login;
        data.pending = taken.pending;
      } catch (err) {
        // Still drop expired entries / the expired one, so they cannot be tried again.
        data.pending = data.pending.filter((p) => now() - p.createdAt < account.stateTtlSeconds * 1000);
        await save(req);
        throw err;
      }
      // Single use: the state is gone from the store before anything else happens.
      await save(req);

      if (params.error) {
        detail = params.errorDescription;
        throw params.error === 'access_denied'
          ? new SamsungAuthError('ACCESS_DENIED', 'The sign-in was cancelled at Samsung Account.', {
              status: 403,
              hint: 'You can try again whenever you like.',
            })
          : new SamsungAuthError('AUTHORIZATION_ERROR', `Samsung Account answered with an error (${safeIdentifier(params.error)}).`, {
              status: 400,
              hint: 'Try again; if it keeps happening, the client registration may need checking.',
            });
      }
      if (!params.code) {
        throw new SamsungAuthError('CALLBACK_INVALID', 'The answer from Samsung Account carried no authorization code.', {
          status: 400,
          hint: 'Start the sign-in again.',
        });
      }

      const tokens = await exchange.exchange({ code: params.code, state: params.state, authServerUrl: params.authServerUrl });
      // Before the session holds the user: a hook that throws (an allow-list, a failed profile
      // load) leaves the browser signed out.
      await options.onSignIn?.(req, tokens);

      // Session fixation: the signed-in session gets a new id.
      await regenerate(req);
      req.session.samsungAuth = {
        user: {
          id: tokens.userId,
          signedInAt: now(),
          accessToken: tokens.accessToken,
          ...(tokens.expiresAt !== undefined ? { accessTokenExpiresAt: tokens.expiresAt } : {}),
          ...(tokens.apiServerUrl !== undefined ? { apiServerUrl: tokens.apiServerUrl } : {}),
        },
        csrf: newCsrfToken(),
      };
      cookieSentNow(req);
      attachContext(req, req.session.samsungAuth);
      await save(req);
      logger.info({ event: 'signed_in', userId: tokens.userId }, 'user signed in');
      redirect(res, 303, login.returnTo);
    } catch (err) {
      const error = toPublicError(err);
      // The details (upstream, errno, what to check) are for the operator: the log, under the
      // request id the page shows. The page says what the user can do.
      logger.warn({ event: 'sign_in_failed', requestId: requestIdOf(req), code: error.code, status: error.status, hint: error.hint }, error.message);
      sendError(req, res, error, { ...errorOptions, detail });
    }
  });

  router.get(routes.logout, noStore, (req, res) => {
    res.set('allow', 'POST');
    sendError(req, res, new SamsungAuthError('BAD_REQUEST', 'Signing out needs a POST (use the Sign out button).', { status: 405 }), errorOptions);
  });

  router.post(routes.logout, noStore, express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    try {
      const data = req.session.samsungAuth;
      if (!data?.user) {
        // Nothing to end here; do not bounce an anonymous browser through signOutGate.
        redirect(res, 303, '/');
        return;
      }
      verifyCsrf(req, data.csrf, appOrigin);
      const userId = data.user.id;
      await destroy(req);
      res.clearCookie(cookieNameOf(req), { path: '/', httpOnly: true, sameSite: 'lax', secure: https });
      logger.info({ event: 'signed_out', userId }, 'user signed out');
      redirect(res, 303, buildSignOutUrl(account));
    } catch (err) {
      const error = toPublicError(err);
      logger.warn({ event: 'sign_out_refused', requestId: requestIdOf(req), code: error.code }, error.message);
      sendError(req, res, error, { ...errorOptions, retryPath: '/' });
    }
  });

  // Every request gets its context here; only the helper's own paths enter the router (a
  // router costs a dispatch per request, and every request passes this middleware).
  const ownPaths = new Set([routes.login, routes.callback, routes.logout].map(routeKey));
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.session) {
      next(
        new SamsungAuthError('INTERNAL', 'Sessions are not set up.', {
          hint: 'Mount express-session (createSessionMiddleware) before samsungAuth().',
        }),
      );
      return;
    }
    const data = req.session.samsungAuth;
    const user = data?.user;
    const route = (err?: unknown) => {
      if (err) next(err);
      else if (ownPaths.has(routeKey(req.path))) router(req, res, next);
      else next();
    };
    if (user && now() - user.signedInAt >= maxAgeMs) {
      // Absolute timeout: the session ends however active it was. Regenerate (not destroy) so
      // that the rest of this request still has an (empty, anonymous) session to work with.
      logger.info({ event: 'session_expired', userId: user.id }, 'session reached its absolute timeout');
      attachContext(req, undefined);
      req.session.regenerate((err: unknown) => route(err ? toStoreError(err) : undefined));
      return;
    }
    attachContext(req, data);
    route();
  };
}

/** A path as Express routes compare it by default: case-insensitive, one trailing slash ignored. */
function routeKey(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

function cookieNameOf(req: Request): string {
  // express-session does not expose its cookie name; our session factory records it.
  return sessionCookieName(req) ?? 'connect.sid';
}

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err: unknown) => (err ? reject(toStoreError(err)) : resolve())));
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err: unknown) => (err ? reject(toStoreError(err)) : resolve())));
}

function destroy(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err: unknown) => (err ? reject(toStoreError(err)) : resolve())));
}

/** A store that failed already says so (STORE_UNAVAILABLE); anything else becomes that. */
function toStoreError(err: unknown): SamsungAuthError {
  return isSamsungAuthError(err) ? err : storeUnavailable(err);
}
