/** Portals for the benchmarks: configured as in production (SANDBOX=0), "Samsung" being a sandbox. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestListener } from 'node:http';
import { loadConfig, type PortalConfig } from '../../src/config/load-config.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { sandboxedEnv, TEST_SESSION_SECRET } from '../../test/helpers/stack.js';

/** The session secret of every benchmark app (ours and the bare peers share it). */
export const BENCH_SESSION_SECRET = TEST_SESSION_SECRET;

/** What a portal needs to know of the sandbox (passed to child processes as JSON). */
export type SandboxEnv = Record<string, string>;

export const sandboxEnv: (sandbox: Sandbox) => SandboxEnv = sandboxedEnv;

/** An HTTP server on a free loopback port, its handler set later (the config needs the port). */
export async function listen(): Promise<{ server: http.Server; url: string; port: number; handle(listener: RequestListener): void }> {
  const server = http.createServer();
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port, handle: (listener) => server.on('request', listener) };
}

export function portalConfig(url: string, port: number, env: SandboxEnv, extra: Record<string, string> = {}): PortalConfig {
  return loadConfig({
    ...env,
    PORT: String(port),
    BASE_URL: url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sak-bench-')),
    LOG_LEVEL: 'silent',
    ENV_FILE: '/nonexistent',
    // A load generator is one client: the sign-in limit still runs (its cost is measured), never refuses.
    SIGNIN_RATE_LIMIT: '1000000',
    ...extra,
  });
}

export function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
