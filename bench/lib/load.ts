/**
 * HTTP load with autocannon, every answer checked. Side-by-side comparisons (alternating rounds,
 * CPU per request) are in cpu-compare.ts.
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

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
