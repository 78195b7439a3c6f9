/**
 * A process's CPU time read from outside it: the sum over its threads of
 * /proc/PID/task/TID/schedstat's first field (ns on CPU). The server being measured does nothing
 * to be measured (no IPC message, no timer), and the figure is to the nanosecond, where
 * /proc/PID/stat counts 10 ms ticks. Undefined where there is no /proc (the caller falls back to
 * asking the process over IPC).
 */
import { readdirSync, readFileSync } from 'node:fs';

export function procCpuUs(pid: number): number | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let ns = 0;
  for (const tid of tids) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ns / 1000;
}

/** A CPU reader for `pid`: from /proc when it is there, else `fallback` (IPC). */
export function cpuReader(pid: number, fallback: () => Promise<number>): () => Promise<number> {
  if (procCpuUs(pid) === undefined) return fallback;
  return () => Promise.resolve(procCpuUs(pid)!);
}
