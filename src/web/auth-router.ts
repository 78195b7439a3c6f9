/**
 * "Sign in with Samsung Account" for Express: `GET /auth/login`, `GET /auth/callback`,
 * `POST /auth/logout` (paths configurable), and `req.samsungAuth` on every request.
 */
import express, { type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import { SamsungAuthError } from '../errors.js';
import type { SamsungAccountOptions, OptionNames } from '../account/options.js';
import type { SamsungTokens } from '../account/token-exchange.js';
import type { SamsungProfile } from '../account/profile.js';
import type { Lock } from '../stores/redis-lock.js';
import type { SamsungMetrics } from '../metrics/metrics.js';
import type { FetchLike } from '../http/request.js';
import type { CircuitBreaker } from '../http/circuit-breaker.js';
import type { RateLimiter } from '../stores/rate-limiter.js';
import type { Logger } from '../log.js';
import { authRouteContext } from './auth-route-context.js';
import { loginRoute } from './login-route.js';
import { callbackRoute } from './callback-route.js';
import { logoutBody, logoutGetRoute, logoutRoute } from './logout-route.js';
import { toStoreError } from './session-ops.js';
import { routeKey } from './exact-routes.js';
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
   * Called after the token exchange and the profile fetch, before the user is put in the session
   * (e.g. to check an allow-list); if it throws, the sign-in fails and the browser stays signed
   * out. `profile` is undefined when it was not fetched or could not be.
   */
  onSignIn?: (req: Request, tokens: SamsungTokens, profile: SamsungProfile | undefined) => void | Promise<void>;
  /**
   * Receives every callback failure (a typed error with its `code`; token-endpoint refusals are
   * a `TokenEndpointError` carrying Samsung's `error_code`) before the built-in error page: answer
   * yourself (your page, a redirect), or call `next()` for the built-in page, `next(err)` for
   * Express's error handlers.
   */
  onError?: (err: SamsungAuthError, req: Request, res: Response, next: NextFunction) => void | Promise<void>;
  /** Fetch the user's profile after sign-in (`SAMSUNG_FETCH_PROFILE`). Default true. */
  fetchProfile?: boolean;
  /**
   * Serialises the refreshes of one session (refresh tokens are single use). Default in this
   * process; pass a `RedisLock` when several instances share the sessions.
   */
  sessionLock?: Lock;
  /** Revoke the Samsung tokens at sign-out (best effort, within 2 s). Default true. */
  revokeOnSignOut?: boolean;
  /**
   * Count sign-ins, callback failures, Samsung call latency and circuit breakers: `metricsFor(registry)`
   * on your prom-client registry (or the portal's `SamsungMetrics`).
   */
  metrics?: SamsungMetrics;
  /**
   * Counts sign-in attempts (login and callback, each) per client address (`req.ip`: set Express's
   * `trust proxy` behind a proxy), answering 429 beyond its limit. Default 60 per minute in
   * memory; pass a shared limiter (e.g. `RedisRateLimiter`) for several instances, or `false`.
   */
  signInRateLimiter?: RateLimiter | false;
}

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
  const ctx = authRouteContext(options, names);
  const { routes, maxAgeMs, logger, now } = ctx;
  const attachContext = ctx.attachContext;
  const router = express.Router();
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    res.set('pragma', 'no-cache');
    next();
  };
  router.get(routes.login, noStore, loginRoute(ctx));
  router.get(routes.callback, noStore, callbackRoute(ctx));
  router.get(routes.logout, noStore, logoutGetRoute(ctx));
  router.post(routes.logout, noStore, logoutBody, logoutRoute(ctx));

  // Every request gets its context here; only the helper's own paths enter the router (a
  // router costs a dispatch per request, and every request passes this middleware).
  const ownPaths = new Set([routes.login, routes.callback, routes.logout].map(routeKey));
  const route = (req: Request, res: Response, next: NextFunction) => {
    if (ownPaths.has(routeKey(req.path))) router(req, res, next);
    else next();
  };
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
    if (user && now() - user.signedInAt >= maxAgeMs) {
      // Absolute timeout: the session ends however active it was. Regenerate (not destroy) so
      // that the rest of this request still has an (empty, anonymous) session to work with.
      logger.info({ event: 'session_expired', userId: user.id }, 'session reached its absolute timeout');
      attachContext(req, undefined);
      req.session.regenerate((err: unknown) => (err ? next(toStoreError(err)) : route(req, res, next)));
      return;
    }
    attachContext(req, data);
    route(req, res, next);
  };
}
