/**
 * Row 2: `/auth/login` redirects per second, ours vs express-openid-connect's login route vs a
 * bare Express app (random state in express-session, redirect). Each request comes without a
 * cookie: a new visitor starting a sign-in, the expensive case (a session is created and stored).
 */
import { startChild } from '../lib/child.js';
import { compareLoad, pairedRatio } from '../lib/load.js';
import { perSecond, type RowResult } from '../lib/report.js';
import { LOAD } from '../lib/settings.js';

export async function run(): Promise<RowResult[]> {
  const child = await startChild<{ ours: string; eoc: string; bare: string }>('login-apps');
  try {
    for (const [name, url] of Object.entries(child.ready)) {
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 302 || !res.headers.get('location')?.includes('state=')) throw new Error(`${name} login did not redirect with a state (${res.status})`);
    }
    const figures = await compareLoad([
      { name: 'ours', url: child.ready.ours, expectStatus: 302 },
      { name: 'eoc', url: child.ready.eoc, expectStatus: 302 },
      { name: 'bare', url: child.ready.bare, expectStatus: 302 },
    ]);
    const ours = figures.get('ours')!;
    const eoc = figures.get('eoc')!;
    const bare = figures.get('bare')!;
    const vsEoc = pairedRatio(ours, eoc);
    const vsBare = pairedRatio(ours, bare);
    const how =
      `autocannon, ${LOAD.connections} connections, no cookie (every request a new visitor), ${LOAD.rounds} alternating rounds of ${LOAD.roundSeconds} s per side; ` +
      'all three apps in one child process, the load generator in the parent';
    return [
      {
        row: '2a GET /auth/login vs express-openid-connect',
        ours: perSecond(ours.perSecond),
        peer: `express-openid-connect /login ${perSecond(eoc.perSecond)}`,
        ratio: vsEoc,
        target: '≥ 1.0x',
        pass: vsEoc >= 1.0,
        notes: `${how}; express-openid-connect keeps its login transaction in a cookie (nothing stored server-side), discovery served locally`,
        data: { ours, eoc },
      },
      {
        row: '2b GET /auth/login vs bare express-session',
        ours: perSecond(ours.perSecond),
        peer: `bare state + redirect ${perSecond(bare.perSecond)}`,
        ratio: vsBare,
        target: '≥ 0.85x',
        pass: vsBare >= 0.85,
        notes: `${how}; the bare app stores a hashed 32-byte state in express-session (same memory store class as ours)`,
        data: { ours, bare },
      },
    ];
  } finally {
    await child.stop();
  }
}
