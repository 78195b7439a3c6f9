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
 * HTTP load: per side, a warm-up, then `rounds` short alternating rounds (A B B A A B ...). The
 * machine is shared and noisy: short rounds side by side, and the median of their ratios, keep a
 * burst of someone else's work from landing on one side only.
 */
export const LOAD = {
  connections: 10,
  warmupSeconds: pick(1, 0.3),
  rounds: pick(12, 1),
  roundSeconds: pick(1, 0.5),
} as const;
