/**
 * Servers under load run in a child process of their own (see load.ts), started from a file in
 * bench/servers/. The two sides talk over Node's IPC channel: the child announces what it
 * serves with `ready`, then answers commands (`stats`, `gc`, ...) until it is stopped.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serverLauncher } from './pin.js';

export interface BenchChild<Ready> {
  ready: Ready;
  pid: number;
  call<T = unknown>(command: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

interface Reply {
  id?: number;
  ok?: boolean;
  value?: unknown;
  error?: string;
  ready?: unknown;
}

/**
 * Starts `bench/servers/{name}.ts` with `env` added; resolves once it said `ready`. With `pin`,
 * the process runs on the server core (pin.ts), every thread from its start.
 */
export async function startChild<Ready>(name: string, env: Record<string, string> = {}, execArgv: string[] = [], options: { pin?: boolean } = {}): Promise<BenchChild<Ready>> {
  const file = fileURLToPath(new URL(`../servers/${name}.ts`, import.meta.url));
  // BENCH_CPU_PROF=DIR: every server process writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF;
  if (prof) execArgv = [...execArgv, '--cpu-prof', `--cpu-prof-dir=${prof}`];
  const launcher = options.pin ? serverLauncher(['--import', 'tsx', ...execArgv]) : { execPath: process.execPath, execArgv: ['--import', 'tsx', ...execArgv] };
  const child: ChildProcess = fork(file, [], {
    ...launcher,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench server ${name} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server ${name} exited (${code}) before it was ready`));
    });
    child.on('message', (m: Reply) => {
      if (m.ready !== undefined) {
        clearTimeout(timer);
        resolve(m.ready as Ready);
        return;
      }
      const w = m.id === undefined ? undefined : waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id!);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(`${name}: ${m.error}`));
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`bench server ${name} exited (${code ?? signal})`));
    waiting.clear();
  });
  return {
    ready,
    pid: child.pid!,
    call<T>(command: string, args?: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command, args });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** In a child: announce `ready`, then answer commands with `handlers`; SIGTERM runs `close`. */
export function serveParent(ready: unknown, handlers: Record<string, (args: unknown) => unknown>, close: () => Promise<void> | void): void {
  const send = (m: unknown) => process.send?.(m);
  process.on('message', (m: { id: number; command: string; args?: unknown }) => {
    const handler = handlers[m.command];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${m.command}`);
        return handler(m.args);
      })
      .then(
        (value) => send({ id: m.id, ok: true, value }),
        (err: unknown) => send({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
  });
  process.once('SIGTERM', () => {
    Promise.resolve(close()).finally(() => process.exit(0));
  });
  // The parent went away (crash, Ctrl-C): do not linger.
  process.once('disconnect', () => {
    Promise.resolve(close()).finally(() => process.exit(0));
  });
  send({ ready });
}
