/**
 * Core pinning for the HTTP rows (taskset, from util-linux): servers on core 0, the load
 * generator (this process, while it runs autocannon) on core 1, so that neither takes CPU from
 * the other and the server's CPU time per request is its own. Where taskset is missing, or the
 * machine has a single core, nothing is pinned and the rows say so (`pinning()`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';

const TASKSET = '/usr/bin/taskset';
const SERVER_CORE = '0';
const LOAD_CORE = '1';

let checked: boolean | undefined;

/** True when servers and the load generator can be put on cores of their own. */
export function canPin(): boolean {
  if (checked === undefined) {
    checked = os.cpus().length >= 2 && spawnSync(TASKSET, ['--version'], { stdio: 'ignore' }).status === 0;
    if (!checked) console.log('   (taskset not found or a single core: servers and load generator are NOT pinned; figures are noisier)');
  }
  return checked;
}

/** One line for a row's notes: how the processes were placed. */
export function pinning(): string {
  return canPin()
    ? `servers pinned to core ${SERVER_CORE}, the load generator to core ${LOAD_CORE} (taskset)`
    : 'NOT pinned (no taskset or one core): servers and load generator share the cores';
}

/**
 * What `fork` needs to start a server process on the server core: `execPath` and the arguments
 * before the script (every thread of the process inherits the affinity from its start).
 */
export function serverLauncher(execArgv: string[]): { execPath: string; execArgv: string[] } {
  if (!canPin()) return { execPath: process.execPath, execArgv };
  // `taskset -c 0 node <execArgv> script`: fork puts the script after execArgv.
  return { execPath: TASKSET, execArgv: ['-c', SERVER_CORE, process.execPath, ...execArgv] };
}

/** Pins every thread of a running process (e.g. redis-server) to the server core. */
export function pinToServerCore(pid: number): void {
  if (canPin()) execFileSync(TASKSET, ['-a', '-p', '-c', SERVER_CORE, String(pid)], { stdio: 'ignore' });
}

/** Runs `fn` with this process (the load generator) on its own core, then gives it every core back. */
export async function onLoadCore<T>(fn: () => Promise<T>): Promise<T> {
  if (!canPin()) return fn();
  const all = os.cpus().map((_c, i) => i).join(',');
  execFileSync(TASKSET, ['-a', '-p', '-c', LOAD_CORE, String(process.pid)], { stdio: 'ignore' });
  try {
    return await fn();
  } finally {
    execFileSync(TASKSET, ['-a', '-p', '-c', all, String(process.pid)], { stdio: 'ignore' });
  }
}
