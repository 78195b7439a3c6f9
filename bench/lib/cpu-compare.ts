/**
 * The ruler of rows 1, 2 and 9: server CPU time per request, ours against one peer, in many short
 * alternating rounds (A B, B A, A B, ...), each round a fixed number of requests per side (the
 * same work, so the same garbage, on both sides). Each side's CPU is read from its server
 * process (process.cpuUsage over IPC) just before and after its part of the round; the figure of
 * a round is the peer's µs per request over ours, and a row reports the min / median / max of
 * those paired ratios. A spread (max / min - 1) wider than {@link NOISY_SPREAD} makes the row
 * NOISY instead of PASS or FAIL: the machine moved more than the gap being judged.
 *
 * Servers run pinned to one core and this process (autocannon) to the other (pin.ts).
 */
import { loader, type Loader } from './fixed-load.js';
import { median, type LoadTarget } from './load.js';
import { onLoadCore, pinning } from './pin.js';
import { perSecond, type RowResult } from './report.js';
import { LOAD } from './settings.js';

/** Widest spread of the per-round ratios that still lets a row pass or fail. */
export const NOISY_SPREAD = 0.1;

export interface CpuTarget extends LoadTarget {
  /** CPU time (user + system) of the process serving this target so far, µs. */
  cpuUs(): Promise<number>;
  /** Also sends load to these at the same time (e.g. a second instance), counted with this side. */
  alongside?: Array<{ target: LoadTarget; cpuUs(): Promise<number> }>;
}

export interface SideFigures {
  requests: number;
  seconds: number;
  perSecond: number;
  cpuUsPerRequest: number;
  /** Per round: µs per request and requests per second. */
  rounds: Array<{ cpuUsPerRequest: number; perSecond: number }>;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** max / min - 1. */
  spread: number;
  noisy: boolean;
}

export interface CpuComparison {
  ours: SideFigures;
  peer: SideFigures;
  /** peer µs / ours µs, per round. */
  cpuRatio: Spread;
  /** ours requests/s / peer requests/s, per round. */
  rateRatio: Spread;
  /** Slice pairs per round. */
  slicePairs: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const spread = max / min - 1;
  return { min, median: median(values), max, spread, noisy: !(spread <= NOISY_SPREAD) };
}

/** "1.12x (1.08-1.15)": the median ratio and its range, for tables and notes. */
export function ratioText(s: Spread): string {
  return `${s.median.toFixed(2)}x (${s.min.toFixed(2)}-${s.max.toFixed(2)})`;
}

interface Acc {
  requests: number;
  seconds: number;
  cpuUs: number;
  rounds: Array<{ cpuUsPerRequest: number; perSecond: number }>;
}

interface Side {
  cpuUs(): Promise<number>;
  load: Loader;
}

function sidesOf(t: CpuTarget): Side[] {
  const all = [{ target: t as LoadTarget, cpuUs: () => t.cpuUs() }, ...(t.alongside ?? [])];
  const connections = Math.max(1, Math.round(LOAD.sliceConnections / all.length));
  return all.map((s) => ({ cpuUs: s.cpuUs, load: loader(s.target, connections) }));
}

/** One slice: `amount` requests to one side (split over its instances), its CPU and wall time. */
async function slice(sides: Side[], amount: number): Promise<{ requests: number; seconds: number; cpuUs: number }> {
  const before = await Promise.all(sides.map((s) => s.cpuUs()));
  const started = performance.now();
  const results = await Promise.all(sides.map((s) => s.load.fire(Math.round(amount / sides.length))));
  const seconds = (performance.now() - started) / 1000;
  const after = await Promise.all(sides.map((s) => s.cpuUs()));
  return { requests: results.reduce((n, r) => n + r.requests, 0), seconds, cpuUs: after.reduce((n, a, i) => n + a - before[i]!, 0) };
}

function add(acc: Acc, s: { requests: number; seconds: number; cpuUs: number }): void {
  acc.requests += s.requests;
  acc.seconds += s.seconds;
  acc.cpuUs += s.cpuUs;
}

function figures(a: Acc): SideFigures {
  return { requests: a.requests, seconds: a.seconds, perSecond: a.requests / a.seconds, cpuUsPerRequest: a.cpuUs / a.requests, rounds: a.rounds };
}

/**
 * Warms both sides up, then {@link LOAD}.rounds rounds. A round is {@link LOAD}.slicePairs pairs
 * (or `options.slicePairs`) of slices of {@link LOAD}.sliceRequests requests, one per side back to
 * back (the order flipping every pair): the two halves of a pair see the machine as it was in the
 * same ~0.1 s. A round's figures are the medians over its pairs (a burst of someone else's work
 * spoils a pair, not the round); the sides' totals are over every slice.
 */
export async function compareCpu(ours: CpuTarget, peer: CpuTarget, options: { slicePairs?: number } = {}): Promise<CpuComparison> {
  const slicePairs = options.slicePairs ?? LOAD.slicePairs;
  const sides = { ours: sidesOf(ours), peer: sidesOf(peer) };
  return onLoadCore(async () => {
    for (const s of [...sides.ours, ...sides.peer]) await s.load.fire(LOAD.warmupRequests);
    const acc = { ours: newAcc(), peer: newAcc() };
    const cpuRatios: number[] = [];
    const rateRatios: number[] = [];
    for (let round = 0; round < LOAD.rounds; round++) {
      const pairs: Array<{ cpu: number; rate: number; o: number; p: number; os: number; ps: number }> = [];
      for (let pair = 0; pair < slicePairs; pair++) {
        const first = (round + pair) % 2 === 0;
        const a = await slice(first ? sides.ours : sides.peer, LOAD.sliceRequests);
        const b = await slice(first ? sides.peer : sides.ours, LOAD.sliceRequests);
        const [o, p] = first ? [a, b] : [b, a];
        add(acc.ours, o);
        add(acc.peer, p);
        const ou = o.cpuUs / o.requests;
        const pu = p.cpuUs / p.requests;
        pairs.push({ cpu: pu / ou, rate: o.requests / o.seconds / (p.requests / p.seconds), o: ou, p: pu, os: o.requests / o.seconds, ps: p.requests / p.seconds });
      }
      cpuRatios.push(median(pairs.map((x) => x.cpu)));
      rateRatios.push(median(pairs.map((x) => x.rate)));
      acc.ours.rounds.push({ cpuUsPerRequest: median(pairs.map((x) => x.o)), perSecond: median(pairs.map((x) => x.os)) });
      acc.peer.rounds.push({ cpuUsPerRequest: median(pairs.map((x) => x.p)), perSecond: median(pairs.map((x) => x.ps)) });
    }
    for (const s of [...sides.ours, ...sides.peer]) s.load.close();
    return { ours: figures(acc.ours), peer: figures(acc.peer), cpuRatio: spreadOf(cpuRatios), rateRatio: spreadOf(rateRatios), slicePairs };
  });
}

function newAcc(): Acc {
  return { requests: 0, seconds: 0, cpuUs: 0, rounds: [] };
}

/** A table row from a comparison: the primary figure is the CPU ratio, requests per second beside it. */
export function cpuRow(r: { row: string; peerName: string; cmp: CpuComparison; target: number | null; notes: string }): RowResult {
  const { ours, peer, cpuRatio, rateRatio } = r.cmp;
  const side = (f: SideFigures) => `${f.cpuUsPerRequest.toFixed(0)} µs/req, ${perSecond(f.perSecond)}`;
  return {
    row: r.row,
    ours: side(ours),
    peer: `${r.peerName} ${side(peer)}`,
    ratio: cpuRatio.median,
    target: r.target === null ? '—' : `≥ ${r.target.toFixed(2)}x`,
    pass: r.target === null ? null : cpuRatio.median >= r.target,
    noisy: cpuRatio.noisy,
    notes:
      `CPU ratio (peer µs / ours µs per request) per round: min / median / max ${cpuRatio.min.toFixed(2)} / ${cpuRatio.median.toFixed(2)} / ${cpuRatio.max.toFixed(2)}, spread ${(cpuRatio.spread * 100).toFixed(1)}%` +
      `${cpuRatio.noisy ? ` (> ${NOISY_SPREAD * 100}%: NOISY)` : ''}; requests/s ratio (ours / peer) ${ratioText(rateRatio)}; ` +
      `${LOAD.rounds} rounds, each the median of ${r.cmp.slicePairs} back-to-back slice pairs of ${LOAD.sliceRequests} requests per side (order flipping), after ${LOAD.warmupRequests} per side to warm up; server CPU from /proc/PID/task/*/schedstat; ${LOAD.sliceConnections} kept-alive connection${LOAD.sliceConnections === 1 ? '' : 's'} per side (fixed-load.ts; requests one at a time, so a slice's CPU is its own), ${pinning()}; ${r.notes}`,
    data: { ours, peer, cpuRatio, rateRatio },
  };
}
