/**
 * The portal as a real process (`node --import tsx src/server.ts`), for scale-out, outage and
 * shutdown tests. Configured from an environment pointing at a sandbox in the test's process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { freePort } from './free-port.js';
import { sandboxedEnv } from './stack.js';

export interface PortalProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** The environment shared by instances of one deployment (same secrets, same store). */
export function deploymentEnv(sandbox: Sandbox, options: { redisUrl?: string; operators?: string[]; roles?: Record<string, string>; extra?: Record<string, string> } = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'sak-deploy-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...sandboxedEnv(sandbox),
    DATA_DIR: dir,
    ENV_FILE: join(dir, 'none.env'),
    LOG_LEVEL: 'warn',
    ...(options.redisUrl ? { SESSION_STORE: options.redisUrl } : {}),
  };
  if (options.operators) {
    const demo = sandbox.galaxy.demoServiceAccount;
    const file = join(dir, 'service-accounts.json');
    writeFileSync(file, JSON.stringify([{ id: demo.id, name: 'Demo', privateKeyFile: demo.privateKeyFile, scopes: demo.scopes, operators: options.operators, ...(options.roles ? { roles: options.roles } : {}) }]), { mode: 0o600 });
    env.GALAXY_SERVICE_ACCOUNTS = file;
    env.GALAXY_API_URL = sandbox.galaxyUrl;
    env.GALAXY_UPLOAD_URL = sandbox.uploadUrl;
    env.TOKEN_ENCRYPTION_KEY = `t1:${randomBytes(32).toString('base64')}`;
  }
  return { ...env, ...options.extra };
}

/** Starts one instance; `baseUrl` is the deployment's public URL (default: this instance's). */
export async function startPortalProcess(env: Record<string, string>, options: { baseUrl?: string; port?: number } = {}): Promise<PortalProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...env, PORT: String(port), BASE_URL: options.baseUrl ?? env.BASE_URL ?? url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!out.includes('Portal:')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`portal did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
