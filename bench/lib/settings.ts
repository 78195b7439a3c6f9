/**
 * Durations and counts of the benchmarks: the full run (a few minutes) or, with BENCH_SMOKE=1,
 * tiny ones that only prove every row still runs (figures from a smoke run mean nothing).
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** The full value, or the smoke value under BENCH_SMOKE=1. */
export function pick<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}

/**
 * HTTP load (cpu-compare.ts): per side, a warm-up, then `rounds` rounds of `slicePairs` pairs of
 * back-to-back slices (A B, B A, ...) of `sliceRequests` requests per side. The machine is shared
 * and noisy: short slices side by side keep a burst of someone else's work from landing on one
 * side only.
 */
export const LOAD = {
  connections: 10,
  warmupRequests: pick(5000, 200),
  rounds: pick(10, 2),
  slicePairs: pick(20, 2),
  sliceRequests: pick(120, 50),
  /** Rounds of `load()` given no amount (rows other than 1, 2 and 9). */
  roundSeconds: pick(1, 0.5),
} as const;
