/**
 * CPU time per thread of this process, from Linux's /proc/self/task (clock ticks, 10 ms): how
 * a figure splits between the event loop and the other threads. Elsewhere it reads nothing and
 * the rows say "n/a".
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadCpu {
  /** The main thread (the event loop), microseconds. */
  mainUs: number;
  /** Every other thread together, microseconds. */
  othersUs: number;
}

const TICK_US = 10_000;

/** CPU used so far, split main thread / the rest; undefined where /proc is not there. */
export function threadCpu(): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const cpu = { mainUs: 0, othersUs: 0 };
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const us = (Number(fields[11]) + Number(fields[12])) * TICK_US;
    if (tid === String(process.pid)) cpu.mainUs += us;
    else cpu.othersUs += us;
  }
  return cpu;
}

/** CPU used between two readings. Threads that ended meanwhile are missing from the second: keep phases whole. */
export function cpuSince(before: ThreadCpu | undefined): ThreadCpu | undefined {
  const after = threadCpu();
  if (!before || !after) return undefined;
  return { mainUs: after.mainUs - before.mainUs, othersUs: after.othersUs - before.othersUs };
}
