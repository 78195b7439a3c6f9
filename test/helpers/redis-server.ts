/**
 * A real redis-server for tests and benchmarks, on a free loopback port, with its data in a
 * temporary folder (by default appendonly, fsync always: what was acknowledged survives a stop). `.ci/run` installs Debian's
 * redis-server; on a machine without it the tests skip with the reason, except in CI, where a
 * missing service is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface TestRedis {
  url: string;
  port: number;
  /** The running redis-server's process id (the benchmark pins it to a core). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export function redisAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export const NO_REDIS = 'redis-server is not installed (apt-get install -y redis-server)';

/**
 * Starts redis-server; undefined when it is not installed (the caller skips with NO_REDIS),
 * except in CI, where that throws: a missing service must fail there.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<TestRedis | undefined> {
  if (!redisAvailable()) {
    if (process.env.CI) throw new Error(`${NO_REDIS}; .ci/run must install it`);
    return undefined;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sak-redis-'));
  let child: ChildProcess | undefined;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    get pid() {
      return child?.pid;
    },
    async start() {
      const proc = spawn(
        'redis-server',
        [
          ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--protected-mode', 'yes'],
          // Persistent by default (outage tests restart it); a benchmark of reads should not measure the disk.
          ...(options.persistent === false ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always']),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = proc;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited (${code}):\n${out}`));
        });
      });
      proc.removeAllListeners('exit');
    },
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
      child = undefined;
    },
  };
  await redis.start();
  return redis;
}
