/**
 * Starts the real thing on loopback for a test: the sandbox, and the portal configured from an
 * environment (SANDBOX=0, pointing at the sandbox), with its logs captured.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { loadConfig, type PortalConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/log.js';
import { createPortalApp, type PortalDeps } from '../../src/web/app.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

export interface Stack {
  sandbox: Sandbox;
  portalUrl: string;
  config: PortalConfig;
  /** Every log line the portal wrote. */
  logs: string[];
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
  deps?: Omit<PortalDeps, 'logger'>;
}

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789-abcdefghijklmnop';

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox(options.sandbox);
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const portalUrl = `http://127.0.0.1:${port}`;
  sandbox.account.registerRedirectUri(`${portalUrl}/auth/callback`);
  const config = loadConfig({
    SANDBOX: '0',
    PORT: String(port),
    BASE_URL: portalUrl,
    SAMSUNG_CLIENT_ID: sandbox.client.clientId,
    SAMSUNG_CLIENT_SECRET: sandbox.client.clientSecret,
    SAMSUNG_ALIAS_ID: sandbox.client.aliasId,
    SAMSUNG_ACCOUNT_URL: sandbox.accountUrl,
    SAMSUNG_TOKEN_URL: sandbox.tokenUrl,
    SESSION_SECRET: TEST_SESSION_SECRET,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const app = createPortalApp(config, { ...options.deps, logger });
  server.on('request', app);
  return {
    sandbox,
    portalUrl,
    config,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}
