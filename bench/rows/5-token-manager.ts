/**
 * Row 5: the Galaxy token manager. Warm-cache look-ups (getAccessToken with a token cached) vs
 * the limit, an awaited lookup in a plain Map; and 1000 concurrent callers on a cold cache:
 * exactly one mint (the sandbox counts /auth/accessToken calls), and how long until all have it.
 */
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { loadPrivateKey } from '../../src/galaxy/load-private-key.js';
import { median } from '../lib/load.js';
import { ms, perSecond, type RowResult } from '../lib/report.js';
import { pick } from '../lib/settings.js';

const ROUNDS = pick(3, 1);
const ROUND_MS = pick(500, 100);
const COLD_CALLERS = 1000;

export async function run(): Promise<RowResult[]> {
  const sandbox = await startSandbox();
  try {
    const demo = sandbox.galaxy.demoServiceAccount;
    const privateKey = await loadPrivateKey({ file: demo.privateKeyFile });
    const make = () => new GalaxyTokenManager({ serviceAccountId: demo.id, privateKey, apiUrl: sandbox.galaxyUrl });

    // Warm look-ups.
    const warm = make();
    const token = await warm.getAccessToken();
    const map = new Map([[`${demo.id}|publishing`, token]]);
    const mapLookup = async (key: string) => map.get(key);
    const ours: number[] = [];
    const limit: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await loop(async () => {
        if ((await warm.getAccessToken()) !== token) throw new Error('the cached token changed');
      }));
      limit.push(await loop(async () => {
        if ((await mapLookup(`${demo.id}|publishing`)) !== token) throw new Error('map lookup failed');
      }));
    }
    const lookupRatio = median(ours.map((o, i) => o / limit[i]!));

    // Cold: one mint alone, then 1000 concurrent callers on a fresh manager.
    sandbox.reset();
    let t0 = performance.now();
    await make().getAccessToken();
    const singleMs = performance.now() - t0;
    sandbox.reset();
    const cold = make();
    t0 = performance.now();
    const tokens = await Promise.all(Array.from({ length: COLD_CALLERS }, () => cold.getAccessToken()));
    const allMs = performance.now() - t0;
    const mints = sandbox.counters.get('galaxy.accessToken');
    const same = new Set(tokens).size === 1;
    return [
      {
        row: '5a token manager, warm getAccessToken',
        ours: perSecond(median(ours)),
        peer: `awaited Map lookup ${perSecond(median(limit))}`,
        ratio: lookupRatio,
        target: '—',
        pass: null,
        notes: `one caller awaiting in a loop, ${ROUNDS} interleaved rounds of ${ROUND_MS} ms; the limit awaits an async function returning map.get (the least an async look-up costs)`,
        data: { ours, limit },
      },
      {
        row: `5b ${COLD_CALLERS} concurrent cold callers`,
        ours: `${mints} mint, all served in ${ms(allMs)}`,
        peer: `one caller alone ${ms(singleMs)}`,
        ratio: allMs / singleMs,
        target: '1 mint',
        pass: mints === 1 && same,
        notes: `mints counted by the sandbox (/auth/accessToken calls); every caller got the same token: ${same}; ratio = time for all ${COLD_CALLERS} / time for one`,
        data: { mints, allMs, singleMs },
      },
    ];
  } finally {
    await sandbox.close();
  }
}

async function loop(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  const until = started + ROUND_MS;
  let n = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) await fn();
    n += 100;
  }
  return (n / (performance.now() - started)) * 1000;
}
