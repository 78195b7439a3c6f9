/**
 * What the login helper's routes share, built once from the options of {@link samsungAuth}: the
 * resolved account options, the token exchange, the clock, the logger, the sign-in rate limit.
 */
import type { Request } from 'express';
import { SamsungAuthError } from '../errors.js';
import { resolveAccountOptions, type OptionNames, type ResolvedAccountOptions } from '../account/options.js';
import { safeReturnTo } from '../account/return-to.js';
import { TokenExchange } from '../account/token-exchange.js';
import { CircuitBreakers } from '../http/circuit-breakers.js';
import { MemoryRateLimiter } from '../stores/rate-limiter.js';
import { MemoryLock } from '../stores/redis-lock.js';
import { TokenRefresher } from './token-refresh.js';
import { instrumentSamsungFetch } from '../metrics/instrument.js';
import type { FetchLike } from '../http/request.js';
import { silentLogger, type Logger } from '../log.js';
import { RequestAuthContext, setAuthContext } from './auth-context.js';
import type { SamsungSessionData } from './session-data.js';
import type { SamsungAuthOptions } from './auth-router.js';

export const DEFAULT_ROUTES = { login: '/auth/login', callback: '/auth/callback', logout: '/auth/logout' } as const;

export interface AuthRouteContext {
  options: SamsungAuthOptions;
  account: ResolvedAccountOptions;
  routes: { login: string; callback: string; logout: string };
  afterSignIn: string;
  maxAgeMs: number;
  appOrigin: string;
  https: boolean;
  logger: Logger;
  now: () => number;
  exchange: TokenExchange;
  /** The fetch of Samsung Account calls (instrumented when metrics are on). */
  fetch: FetchLike | undefined;
  /** One circuit breaker per upstream origin (token hosts, API hosts), when a breaker was given. */
  breakers: CircuitBreakers | undefined;
  refresher: TokenRefresher;
  errorOptions: { retryPath: string; view: Record<string, unknown> };
  /** Throws RATE_LIMITED when this client made too many sign-in attempts on `route`. */
  limited(req: Request, route: 'login' | 'callback'): Promise<void>;
  /** Sets `req.samsungAuth` from the session's data. */
  attachContext(req: Request, data: SamsungSessionData | undefined): void;
}

export function authRouteContext(options: SamsungAuthOptions, names: OptionNames): AuthRouteContext {
  const account = resolveAccountOptions(options, names);
  const routes = { ...DEFAULT_ROUTES, ...options.routes };
  const afterSignIn = safeReturnTo(options.afterSignInPath ?? '/account', '/');
  const maxAgeMs = (options.sessionMaxHours ?? 12) * 3600 * 1000;
  const appOrigin = new URL(options.appOrigin ?? account.redirectUri).origin;
  const logger = options.logger ?? silentLogger();
  const now = options.now ?? Date.now;
  const breakers = options.breaker ? new CircuitBreakers(options.breaker, account.tokenUrl) : undefined;
  // Every Samsung Account call goes through this fetch: with metrics, it is timed here.
  const fetchImpl = options.metrics ? instrumentSamsungFetch(options.metrics, options.fetch) : options.fetch;
  if (options.metrics && breakers) options.metrics.watchBreakers(() => breakers.all());
  const exchange = new TokenExchange(account, {
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    ...(breakers ? { breakers } : {}),
    now,
    onUntrustedAuthServer: (host) =>
      logger.warn({ event: 'auth_server_url_ignored', host: host.slice(0, 253) }, 'callback named a token host that is not trusted; using the configured token URL'),
  });
  const limiter = options.signInRateLimiter === false ? undefined : (options.signInRateLimiter ?? new MemoryRateLimiter({ limit: 60, windowMs: 60_000 }));
  const refresher = new TokenRefresher({ exchange, lock: options.sessionLock ?? new MemoryLock(), logger, now, loginPath: routes.login });
  const contextSettings = { maxAgeMs, loginPath: routes.login, afterSignIn, now, refresher };
  return {
    options,
    account,
    routes,
    afterSignIn,
    maxAgeMs,
    appOrigin,
    https: appOrigin.startsWith('https:'),
    logger,
    now,
    exchange,
    fetch: fetchImpl,
    breakers,
    refresher,
    errorOptions: { retryPath: routes.login, view: options.viewData ?? {} },
    async limited(req, route) {
      const verdict = await limiter?.hit(`signin|${route}|${req.ip ?? 'unknown'}`);
      if (verdict && !verdict.allowed) {
        logger.warn({ event: 'sign_in_rate_limited', route }, 'too many sign-in attempts from one client');
        const err = new SamsungAuthError('RATE_LIMITED', 'Too many sign-in attempts from your network.', { status: 429, hint: `Try again in ${verdict.retryAfterSeconds} s.` });
        err.retryAfterSeconds = verdict.retryAfterSeconds;
        throw err;
      }
    },
    attachContext(req, data) {
      setAuthContext(req, new RequestAuthContext(contextSettings, req, data?.user, data?.csrf));
    },
  };
}
