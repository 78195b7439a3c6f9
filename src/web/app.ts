/**
 * The portal: the login helper mounted in an Express app with its pages (home, account, error),
 * security headers, request logs and a safe error handler.
 */
import express, { type Express, type Request, type RequestHandler, type Response, type NextFunction } from 'express';
import type session from 'express-session';
import { join } from 'node:path';
import type { PortalConfig } from '../config/load-config.js';
import { ACCOUNT_ENV_NAMES } from '../config/load-config.js';
import { SamsungAuthError } from '../errors.js';
import type { FetchLike } from '../http/request.js';
import { silentLogger, type Logger } from '../log.js';
import { MemorySessionStore } from '../stores/memory-session-store.js';
import { samsungAuth } from './auth-router.js';
import { refusedUnlessSignedIn, requiresAuth } from './requires-auth.js';
import { createSessionMiddleware } from './session.js';
import { securityHeaders } from './security-headers.js';
import { requestLog } from './request-log.js';
import { sendError, toPublicError } from './error-response.js';
import { renderView, VIEWS_DIR } from './views.js';
import { requestIdOf } from './request-id.js';
import { accountPages } from './account-pages.js';
import { galaxyApiRouter } from './galaxy-api-routes.js';
import { releasePages } from './release-pages.js';
import { bodyDeadline } from './body-deadline.js';
import { exactGetRoutes, type ExactRoutes } from './exact-routes.js';
import type { GalaxyPortal } from '../portal/galaxy-portal.js';
import { CircuitBreaker } from '../http/circuit-breaker.js';
import { MemoryRateLimiter, type RateLimiter } from '../stores/rate-limiter.js';
import type { Lock } from '../stores/redis-lock.js';
import { liveProfile } from './account-api.js';
import type { SamsungMetrics } from '../metrics/metrics.js';
import { instrumentSamsungFetch, instrumentSessionStore } from '../metrics/instrument.js';
import { DEFAULT_API_URL } from '../account/options.js';

/** What {@link createPortalApp} can be given instead of its defaults. */
export interface PortalDeps {
  logger?: Logger;
  /** Session store; default a bounded memory store. */
  sessionStore?: session.Store;
  /** Clock, for tests of timeouts. */
  now?: () => number;
  /** fetch substitute for upstream calls. */
  fetch?: FetchLike;
  /** The Galaxy routines (see createGalaxyPortalFromConfig); without it the portal runs sign-in alone. */
  galaxy?: GalaxyPortal;
  /** Readiness: the store answers, and the process is not shutting down. */
  health?: Health;
  /** The Samsung token endpoint's circuit breaker. */
  accountBreaker?: CircuitBreaker;
  /** Where sign-in attempts per client are counted; default in memory (Stores.rateLimiter shares it between instances). */
  signInRateLimiter?: RateLimiter;
  /** Serialises a session's token refreshes; default in this process (Stores.lock shares it between instances). */
  sessionLock?: Lock;
  /** What the portal counts (served by the metrics listener); none when absent. */
  metrics?: SamsungMetrics;
}

export interface Health {
  storeReady(): Promise<boolean>;
  shuttingDown(): boolean;
}

/**
 * The whole portal as an Express app (pages, login helper, JSON API, security headers, request
 * logs, error pages), from a {@link PortalConfig}. `npm start` runs it; listening is yours.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * createPortalApp(config, { logger: createLogger() }).listen(config.port, config.host);
 * ```
 */
export function createPortalApp(config: PortalConfig, deps: PortalDeps = {}): Express {
  const logger = deps.logger ?? silentLogger();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);

  const viewData = { sandboxBadge: config.sandbox.enabled };
  const profileFetch = deps.metrics ? instrumentSamsungFetch(deps.metrics, deps.fetch) : deps.fetch;
  const sessionStore = deps.sessionStore ?? new MemorySessionStore({ maxEntries: config.session.memoryMaxEntries, ...(deps.now ? { now: deps.now } : {}) });
  if (deps.metrics) instrumentSessionStore(sessionStore, deps.metrics);
  const appOrigin = new URL(config.baseUrl).origin;
  const loginPath = '/auth/login';

  // Without info lines there is nothing to log: no middleware at all.
  if (logger.isLevelEnabled('info')) app.use(requestLog(logger));
  app.use(bodyDeadline(config.bodyTimeoutMs));
  app.use(securityHeaders({ baseUrl: config.baseUrl, accountUrl: config.account.accountUrl ?? 'https://account.samsung.com' }));
  // Fixed paths in one table each (exact-routes.ts): before the session (assets and health
  // checks get none), and after the login helper.
  app.use(exactGetRoutes({ ...assetRoutes(), ...healthRoutes(deps.health) }));
  if (deps.health) app.use(drainingNotice(deps.health));

  app.use(
    createSessionMiddleware({
      secrets: config.session.secrets,
      baseUrl: config.baseUrl,
      idleMinutes: config.session.idleMinutes,
      store: sessionStore,
    }),
  );
  app.use(loginHelper(config, deps, { appOrigin, logger, viewData }));

  const profileRoute = liveProfile({ apiUrl: config.account.apiUrl ?? DEFAULT_API_URL, timeoutMs: config.account.timeoutMs ?? 10_000, clientId: config.account.clientId, ...(profileFetch ? { fetch: profileFetch } : {}) });
  app.use(
    exactGetRoutes({
      '/': [
        (req, res) => {
          res.set('cache-control', 'no-store');
          const user = req.samsungAuth?.user;
          res.type('html').send(renderView('home', { ...viewData, user, loginPath, console: Boolean(user && deps.galaxy?.operatesAny(user.id)) }));
        },
      ],
      '/api/account/profile': [requiresAuth(), profileRoute],
      '/api/session': [sessionAnswer],
    }),
  );

  // Routers mounted under their prefix: a request elsewhere skips them with one path test.
  app.use(
    '/account',
    accountPages({
      appOrigin,
      idleMinutes: config.session.idleMinutes,
      viewData,
      galaxy: deps.galaxy,
      logger,
    }),
  );
  if (deps.galaxy) {
    app.use('/api/galaxy', galaxyApiRouter(deps.galaxy, { appOrigin, ...(deps.now ? { now: deps.now } : {}) }));
    app.use('/apps', releasePages(deps.galaxy.release, { appOrigin, viewData, logger, ...(deps.now ? { now: deps.now } : {}) }));
  }

  errorHandlers(app, logger, viewData);
  return app;
}

/** The last handlers: 404 for what nothing answered, and the safe error page or JSON error. */
function errorHandlers(app: Express, logger: Logger, viewData: Record<string, unknown>): void {
  app.use((req, res) => {
    sendError(req, res, new SamsungAuthError('NOT_FOUND', 'There is nothing at this address.', { status: 404 }), {
      retryPath: '/',
      view: viewData,
    });
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const error = toPublicError(err);
    if (error.status >= 500) logger.error({ event: 'request_failed', requestId: requestIdOf(req), code: error.code, failure: describe(err), hint: error.hint }, 'request failed');
    sendError(req, res, error, { retryPath: '/', view: viewData });
  });
}

/**
 * `GET /api/session` (signed in only, as requiresAuth() would): who is signed in, the CSRF token
 * for the JSON API, the session's end.
 */
function sessionAnswer(req: Request, res: Response, next: NextFunction): void {
  if (refusedUnlessSignedIn(req, res, next)) return;
  const ctx = req.samsungAuth!;
  res.set('cache-control', 'no-store').json({
    authenticated: true,
    user: ctx.user,
    csrfToken: ctx.csrfToken,
    expiresAt: ctx.expiresAt,
  });
}

/** The page assets, cached for an hour. */
function assetRoutes(): ExactRoutes {
  const routes: Record<string, RequestHandler[]> = {};
  for (const asset of ['styles.css', 'account.js']) {
    routes[`/assets/${asset}`] = [
      (_req, res) => {
        res.set('cache-control', 'public, max-age=3600');
        res.sendFile(join(VIEWS_DIR, 'assets', asset));
      },
    ];
  }
  return routes;
}

/** Liveness and readiness. */
function healthRoutes(health: Health | undefined): ExactRoutes {
  return {
    '/healthz': [
      (_req, res) => {
        res.set('cache-control', 'no-store').json({ ok: true });
      },
    ],
    '/readyz': [
      async (_req, res) => {
        const reasons: string[] = [];
        if (health?.shuttingDown()) reasons.push('shutting down');
        else if (health && !(await health.storeReady())) reasons.push('store unreachable');
        res
          .status(reasons.length ? 503 : 200)
          .set('cache-control', 'no-store')
          .json({ ready: reasons.length === 0, ...(reasons.length ? { reasons } : {}) });
      },
    ],
  };
}

/** While draining, clients are asked not to reuse their connection. */
function drainingNotice(health: Health): RequestHandler {
  return (_req, res, next) => {
    if (health.shuttingDown()) res.set('connection', 'close');
    next();
  };
}

/** The login helper with the portal's configuration and dependencies. */
function loginHelper(config: PortalConfig, deps: PortalDeps, ctx: { appOrigin: string; logger: Logger; viewData: Record<string, unknown> }) {
  const { appOrigin, logger, viewData } = ctx;
  return samsungAuth(
    {
      ...config.account,
      sessionMaxHours: config.session.maxHours,
      appOrigin,
      logger,
      viewData,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      breaker: deps.accountBreaker ?? new CircuitBreaker({ name: 'Samsung Account token endpoint', ...config.circuit }),
      fetchProfile: config.fetchProfile,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.sessionLock ? { sessionLock: deps.sessionLock } : {}),
      signInRateLimiter:
        config.signInRateLimit.limit === 0
          ? false
          : (deps.signInRateLimiter ?? new MemoryRateLimiter({ limit: config.signInRateLimit.limit, windowMs: config.signInRateLimit.windowSeconds * 1000 })),
    },
    ACCOUNT_ENV_NAMES,
  );
}

/** Error name and message only: a stack or cause may carry request data. */
function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message.slice(0, 200) } : { name: typeof err, message: '' };
}
