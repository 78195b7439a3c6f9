/**
 * HTTP load with autocannon, and side-by-side comparisons that alternate the sides (A B, then
 * B A, ...) so that a machine that gets busier or quieter during the run weighs on both alike.
 * The servers under load run in a child process; autocannon runs here: each side gets the same
 * split of the two cores (one for the server, one for the load generator).
 */
import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';
import { LOAD } from './settings.js';

export interface LoadTarget {
  name: string;
  url: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
  /** The status every answer must have (e.g. 200, 302); anything else fails the run. */
  expectStatus: number;
}

export interface LoadFigures {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Requests per second of each round, in order. */
  rounds: number[];
  /** The server process's CPU time per request over the rounds, µs (when a CPU reader was given). */
  cpuUsPerRequest?: number;
  p50: number;
  p99: number;
}

export async function load(target: LoadTarget, options: { seconds?: number; amount?: number; connections?: number }): Promise<AutocannonResult> {
  const result = await autocannon({
    url: target.url,
    connections: options.connections ?? LOAD.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? LOAD.roundSeconds }),
    ...(target.headers ? { headers: target.headers } : {}),
    ...(target.requests ? { requests: target.requests } : {}),
    timeout: 10,
  });
  const expected = result.statusCodeStats[String(target.expectStatus)]?.count ?? 0;
  if (result.errors > 0 || result.timeouts > 0 || expected !== result.requests.total) {
    throw new Error(
      `${target.name}: expected every answer to be ${target.expectStatus}; got ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

/**
 * Warms every side up, then runs alternating rounds; figures are totals over the rounds.
 * `serverCpuUs` (optional) reads the server process's CPU time so far, in µs: read around each
 * round, it gives each side's CPU time per request, a second view that a busy neighbour on the
 * machine disturbs less than throughput does (the servers of all sides share one process).
 */
export async function compareLoad(targets: readonly LoadTarget[], serverCpuUs?: () => Promise<number>): Promise<Map<string, LoadFigures>> {
  for (const t of targets) await load(t, { seconds: LOAD.warmupSeconds });
  const acc = new Map<string, { requests: number; seconds: number; rounds: number[]; p50: number[]; p99: number[]; cpuUs: number }>();
  for (const t of targets) acc.set(t.name, { requests: 0, seconds: 0, rounds: [], p50: [], p99: [], cpuUs: 0 });
  for (let round = 0; round < LOAD.rounds; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const cpuBefore = await serverCpuUs?.();
      const r = await load(t, { seconds: LOAD.roundSeconds });
      const a = acc.get(t.name)!;
      if (cpuBefore !== undefined) a.cpuUs += (await serverCpuUs!()) - cpuBefore;
      a.requests += r.requests.total;
      a.seconds += r.duration;
      a.rounds.push(r.requests.total / r.duration);
      a.p50.push(r.latency.p50);
      a.p99.push(r.latency.p99);
    }
  }
  const out = new Map<string, LoadFigures>();
  for (const [name, a] of acc) {
    out.set(name, {
      requests: a.requests,
      seconds: a.seconds,
      perSecond: a.requests / a.seconds,
      rounds: a.rounds,
      p50: median(a.p50),
      p99: Math.max(...a.p99),
      ...(serverCpuUs ? { cpuUsPerRequest: a.cpuUs / a.requests } : {}),
    });
  }
  return out;
}

/** The median over rounds of a's rate / b's rate (rounds run side by side in time). */
export function pairedRatio(a: LoadFigures, b: LoadFigures): number {
  return median(a.rounds.map((r, i) => r / b.rounds[i]!));
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
