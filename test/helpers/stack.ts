/**
 * Starts the real thing on loopback for a test: the sandbox, and the portal configured from an
 * environment (SANDBOX=0, pointing at the sandbox), with its logs captured. With `galaxy`, the
 * sandbox's demo service account is configured in a GALAXY_SERVICE_ACCOUNTS file under a fresh
 * DATA_DIR, operated by the given users.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type PortalConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/log.js';
import { createPortalApp, type PortalDeps } from '../../src/web/app.js';
import { createGalaxyPortalFromConfig } from '../../src/portal/galaxy-setup.js';
import { createStores } from '../../src/stores/create-stores.js';
import type { GalaxyPortal } from '../../src/portal/galaxy-portal.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

export interface Stack {
  sandbox: Sandbox;
  portalUrl: string;
  config: PortalConfig;
  galaxy: GalaxyPortal | undefined;
  dataDir: string;
  /** Every log line the portal wrote (across restarts). */
  logs: string[];
  /** Stops the portal and starts a new one (new port) over the same DATA_DIR and sandbox. */
  restartPortal(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
  deps?: Omit<PortalDeps, 'logger' | 'galaxy'>;
  /** Configure the sandbox's demo service account, operated by these Samsung user ids (admins), and given these roles. */
  galaxy?: { operators: string[]; roles?: Record<string, string> };
  /** Serve the portal over https with this key and certificate (BASE_URL becomes https). */
  tls?: { key: string; cert: string };
}

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789-abcdefghijklmnop';

/** The environment of a portal in real mode (SANDBOX=0) whose "Samsung" is this sandbox. */
export function sandboxedEnv(sandbox: Sandbox): Record<string, string> {
  return {
    SANDBOX: '0',
    SAMSUNG_CLIENT_ID: sandbox.client.clientId,
    SAMSUNG_CLIENT_SECRET: sandbox.client.clientSecret,
    SAMSUNG_ALIAS_ID: sandbox.client.aliasId,
    SAMSUNG_ACCOUNT_URL: sandbox.accountUrl,
    SAMSUNG_TOKEN_URL: sandbox.tokenUrl,
    SAMSUNG_API_URL: sandbox.url,
    SESSION_SECRET: TEST_SESSION_SECRET,
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox(options.sandbox);
  const dataDir = mkdtempSync(join(tmpdir(), 'sak-stack-'));
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination });

  const galaxyEnv: Record<string, string> = {};
  if (options.galaxy) {
    const demo = sandbox.galaxy.demoServiceAccount;
    const file = join(dataDir, 'service-accounts.json');
    writeFileSync(file, JSON.stringify([{ id: demo.id, name: 'Demo publisher', privateKeyFile: demo.privateKeyFile, scopes: demo.scopes, operators: options.galaxy.operators, ...(options.galaxy.roles ? { roles: options.galaxy.roles } : {}) }]), { mode: 0o600 });
    galaxyEnv.GALAXY_SERVICE_ACCOUNTS = file;
    galaxyEnv.GALAXY_API_URL = sandbox.galaxyUrl;
    galaxyEnv.GALAXY_UPLOAD_URL = sandbox.uploadUrl;
    galaxyEnv.TOKEN_ENCRYPTION_KEY = `test:${randomBytes(32).toString('base64')}`;
  }

  let server: http.Server | https.Server;
  let closeStores: () => Promise<void> = async () => undefined;
  const stack: Stack = {
    sandbox,
    portalUrl: '',
    config: undefined as unknown as PortalConfig,
    galaxy: undefined,
    dataDir,
    logs,
    async restartPortal(env = {}) {
      await closeServer(server);
      await closeStores();
      await start(env);
    },
    async close() {
      await closeServer(server);
      await closeStores();
      await sandbox.close();
    },
  };

  async function start(extraEnv: Record<string, string>): Promise<void> {
    server = options.tls ? https.createServer(options.tls) : http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const portalUrl = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    sandbox.account.registerRedirectUri(`${portalUrl}/auth/callback`);
    const config = loadConfig({
      ...sandboxedEnv(sandbox),
      PORT: String(port),
      BASE_URL: portalUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      ...galaxyEnv,
      ...options.env,
      ...extraEnv,
    });
    const stores = await createStores(config, { logger, ...(options.deps?.now ? { now: options.deps.now } : {}) });
    closeStores = () => stores.close();
    const galaxy = await createGalaxyPortalFromConfig(config, { stores, logger, ...(options.deps?.now ? { now: options.deps.now } : {}) });
    const app = createPortalApp(config, {
      sessionStore: stores.sessionStore,
      signInRateLimiter: stores.rateLimiter(config.signInRateLimit.limit, config.signInRateLimit.windowSeconds * 1000),
      sessionLock: stores.lock,
      ...options.deps,
      logger,
      ...(galaxy ? { galaxy } : {}),
    });
    server.on('request', app);
    stack.portalUrl = portalUrl;
    stack.config = config;
    stack.galaxy = galaxy;
  }

  await start({});
  return stack;
}

async function closeServer(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
