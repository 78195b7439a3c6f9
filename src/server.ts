/**
 * Process entry: config -> (sandbox) -> app -> listen -> graceful shutdown.
 * `npm start` runs this; with no Samsung credentials it starts the sandbox too.
 */
import http from 'node:http';
import { resolve } from 'node:path';
import { ConfigError, isSamsungAuthError } from './errors.js';
import { createGalaxyPortalFromConfig } from './portal/galaxy-setup.js';
import type { GalaxyPortal } from './portal/galaxy-portal.js';
import { loadConfig, type PortalConfig } from './config/load-config.js';
import { environmentWithEnvFile } from './config/env-file.js';
import { createLogger } from './log.js';
import { createPortalApp } from './web/app.js';
import { startSandbox, type Sandbox } from './sandbox/sandbox.js';

async function main(): Promise<void> {
  let config: PortalConfig;
  try {
    config = loadConfig(environmentWithEnvFile(process.env, process.env.ENV_FILE ?? '.env'));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`samsung-auth-kit cannot start.\n${err.message}\n${err.hint ?? ''}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  for (const warning of config.warnings) logger.warn({ event: 'config_warning' }, warning);

  let sandbox: Sandbox | undefined;
  if (config.sandbox.enabled) {
    sandbox = await startSandbox({
      port: config.sandbox.port,
      host: '127.0.0.1',
      client: {
        clientId: config.account.clientId,
        clientSecret: config.account.clientSecret,
        aliasId: config.account.aliasId,
      },
      redirectUris: [config.account.redirectUri],
      tokenResponse: config.sandbox.tokenResponse,
      dataDir: resolve(config.dataDir),
    });
  }

  let galaxy: GalaxyPortal | undefined;
  try {
    galaxy = await createGalaxyPortalFromConfig(config, {
      logger,
      ...(sandbox
        ? { demoAccount: { ...sandbox.galaxy.demoServiceAccount, operators: sandbox.demoUsers.map((u) => u.id) } }
        : {}),
    });
  } catch (err) {
    if (err instanceof ConfigError || isSamsungAuthError(err)) {
      console.error(`samsung-auth-kit cannot start.\n${err.message}\n${err.hint ?? ''}`);
      await sandbox?.close();
      process.exit(1);
    }
    throw err;
  }

  const app = createPortalApp(config, { logger, ...(galaxy ? { galaxy } : {}) });
  const server = http.createServer(app);
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });

  const lines = [`Portal:  ${config.baseUrl}  (listening on ${config.host}:${config.port})`];
  if (sandbox) {
    lines.push(
      `SANDBOX MODE: no Samsung credentials are set, so sign-in goes to the built-in sandbox at ${sandbox.url}.`,
      `         Pick a demo user there (${sandbox.demoUsers.map((u) => u.name).join(', ')}). Set SAMSUNG_CLIENT_ID (or SANDBOX=0) for the real Samsung Account.`,
    );
  }
  if (galaxy) {
    lines.push(`Galaxy:  ${config.galaxy.apiUrl}  (token inventory under ${config.dataDir})`);
  }
  console.log(lines.join('\n'));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    server.close(() => {
      void (sandbox?.close() ?? Promise.resolve()).then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(`samsung-auth-kit failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
