/**
 * Process entry: config -> stores -> (sandbox) -> Galaxy -> app -> listen -> graceful shutdown.
 * `npm start` runs this; with no Samsung credentials it starts the sandbox too.
 */
import http from 'node:http';
import { resolve } from 'node:path';
import { ConfigError, isSamsungAuthError } from './errors.js';
import { loadConfig, type PortalConfig } from './config/load-config.js';
import { environmentWithEnvFile } from './config/env-file.js';
import { createLogger } from './log.js';
import { createPortalApp } from './web/app.js';
import { startSandbox, type Sandbox } from './sandbox/sandbox.js';
import { createStores, type Stores } from './stores/create-stores.js';
import { createGalaxyPortalFromConfig, demoRoles } from './portal/galaxy-setup.js';
import type { GalaxyPortal } from './portal/galaxy-portal.js';
import { CircuitBreaker } from './http/circuit-breaker.js';
import { SamsungMetrics } from './metrics/metrics.js';
import { countUploads, instrumentGalaxyFetch } from './metrics/instrument.js';
import { startMetricsServer } from './metrics/metrics-server.js';

/** Prints a start-up problem in plain words (no stack trace) and exits 1. */
function cannotStart(err: unknown): never {
  const message = isSamsungAuthError(err) ? `${err.message}\n${err.hint ?? ''}` : err instanceof Error ? err.message : String(err);
  console.error(`samsung-auth-kit cannot start.\n${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: PortalConfig;
  try {
    config = loadConfig(environmentWithEnvFile(process.env, process.env.ENV_FILE ?? '.env'));
  } catch (err) {
    if (err instanceof ConfigError) cannotStart(err);
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  for (const warning of config.warnings) logger.warn({ event: 'config_warning' }, warning);

  let stores: Stores;
  try {
    stores = await createStores(config, { logger });
  } catch (err) {
    cannotStart(err);
  }

  const sandbox = config.sandbox.enabled ? await startEmbeddedSandbox(config) : undefined;

  // Metrics only when asked for (METRICS_PORT): counted where the calls happen, served apart.
  const metrics = config.metrics.port === undefined ? undefined : new SamsungMetrics();
  const galaxyBreaker = new CircuitBreaker({ name: 'Galaxy Store API', ...config.circuit });
  const accountBreaker = new CircuitBreaker({ name: 'Samsung Account token endpoint', ...config.circuit });
  if (metrics) {
    metrics.watchBreakers(() => [galaxyBreaker]);
    countUploads(metrics);
  }

  let galaxy: GalaxyPortal | undefined;
  try {
    galaxy = await createGalaxyPortalFromConfig(config, {
      stores,
      logger,
      breaker: galaxyBreaker,
      ...(metrics ? { fetch: instrumentGalaxyFetch(metrics) } : {}),
      ...(sandbox ? { demoAccount: { ...sandbox.galaxy.demoServiceAccount, roles: demoRoles(sandbox.demoUsers.map((u) => u.id)) }, uploadUrl: sandbox.uploadUrl } : {}),
    });
  } catch (err) {
    await sandbox?.close();
    await stores.close();
    if (err instanceof ConfigError || isSamsungAuthError(err)) cannotStart(err);
    throw err;
  }

  let shuttingDown = false;
  const app = createPortalApp(config, {
    logger,
    sessionStore: stores.sessionStore,
    health: { storeReady: () => stores.ready(), shuttingDown: () => shuttingDown },
    signInRateLimiter: stores.rateLimiter(config.signInRateLimit.limit, config.signInRateLimit.windowSeconds * 1000),
    sessionLock: stores.lock,
    accountBreaker,
    ...(metrics ? { metrics } : {}),
    ...(galaxy ? { galaxy } : {}),
  });
  const server = await listenPortal(app, config);
  const metricsServer = metrics ? await startMetricsServer(metrics.registry, { port: config.metrics.port!, host: config.metrics.host }).catch(cannotStart) : undefined;
  console.log(banner(config, stores, sandbox, Boolean(galaxy), metricsServer?.url));

  // Graceful shutdown: not ready at once, stop accepting, let in-flight requests finish, close
  // the stores, exit 0; past the deadline, cut what is left and exit 1.
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      logger.error({ event: 'shutdown_forced' }, 'in-flight requests did not finish in time');
      server.closeAllConnections();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    server.close(() => {
      void Promise.allSettled([stores.close(), sandbox?.close(), metricsServer?.close()]).then(() => {
        logger.info({ event: 'shutdown_done' }, 'stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  // A stray rejection is a bug to log, not a reason to drop every in-flight request.
  process.on('unhandledRejection', (reason) => {
    logger.error({ event: 'unhandled_rejection', message: reason instanceof Error ? reason.message.slice(0, 200) : typeof reason }, 'unhandled rejection');
  });
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Sandbox mode: the sandbox on SANDBOX_PORT, with the portal's generated client registered. */
function startEmbeddedSandbox(config: PortalConfig): Promise<Sandbox> {
  return startSandbox({
    port: config.sandbox.port,
    host: '127.0.0.1',
    client: { clientId: config.account.clientId, clientSecret: config.account.clientSecret, aliasId: config.account.aliasId },
    redirectUris: [config.account.redirectUri],
    tokenResponse: config.sandbox.tokenResponse,
    accessTokenSeconds: config.sandbox.accessTokenSeconds,
    dataDir: resolve(config.dataDir),
  });
}

async function listenPortal(app: http.RequestListener, config: PortalConfig): Promise<http.Server> {
  const server = http.createServer(app);
  // Slow clients cannot hold a connection open: headers within 15 s, a body within 30 s (the
  // bodyDeadline middleware), except an upload's, which has the upload budget (the server-wide cap).
  server.headersTimeout = 15_000;
  server.requestTimeout = Math.max(30_000, config.galaxy.uploadTimeoutMs + 60_000);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  }).catch(cannotStart);
  return server;
}

function banner(config: PortalConfig, stores: Stores, sandbox: Sandbox | undefined, galaxy: boolean, metricsUrl: string | undefined): string {
  const lines = [`Portal:  ${config.baseUrl}  (listening on ${config.host}:${config.port}; sessions in ${stores.kind})`];
  if (sandbox) {
    lines.push(
      `SANDBOX MODE: no Samsung credentials are set, so sign-in goes to the built-in sandbox at ${sandbox.url}.`,
      `         Pick a demo user there (${sandbox.demoUsers.map((u) => u.name).join(', ')}). Set SAMSUNG_CLIENT_ID (or SANDBOX=0) for the real Samsung Account.`,
    );
  }
  if (galaxy) lines.push(`Galaxy:  ${config.galaxy.apiUrl}`);
  if (metricsUrl) lines.push(`Metrics: ${metricsUrl}/metrics`);
  return lines.join('\n');
}

main().catch((err: unknown) => cannotStart(err));
