/**
 * Durations and counts of the benchmarks: the full run (a few minutes) or, with BENCH_SMOKE=1,
 * tiny ones that only prove every row still runs (figures from a smoke run mean nothing).
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** The full value, or the smoke value under BENCH_SMOKE=1. */
export function pick<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}

/** A positive whole number from the environment (to try other round shapes), else undefined. */
function envCount(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * HTTP load. Rows 1, 2 and 9 (cpu-compare.ts): per side, a warm-up, then `rounds` rounds of
 * `slicePairs` pairs of back-to-back slices (A B, B A, ...) of `sliceRequests` requests per side,
 * one request at a time (`sliceConnections`). The machine is shared and noisy at every scale: the
 * server's CPU time for the same 120 requests moved 2x from one 50 ms slice to the next (the host's
 * doing: nothing inside the VM shows it); slices of a few ms, side by side, see the same machine.
 * Other rows: autocannon over `connections`.
 */
export const LOAD = {
  connections: 10,
  sliceConnections: 1,
  warmupRequests: pick(5000, 200),
  rounds: envCount('BENCH_ROUNDS') ?? pick(10, 2),
  slicePairs: envCount('BENCH_PAIRS') ?? pick(300, 20),
  sliceRequests: envCount('BENCH_SLICE') ?? 8,
  /** Rounds of `load()` given no amount (rows other than 1, 2 and 9). */
  roundSeconds: pick(1, 0.5),
} as const;
