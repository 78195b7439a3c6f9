/**
 * Row 1: what our middleware costs on a signed-in request. `GET /api/session` through
 * createPortalApp vs a bare Express 5 + express-session app reading the same session from the
 * same store, memory and Redis. The session comes from a real sign-in against the sandbox.
 */
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { startChild } from '../lib/child.js';
import { compareLoad, pairedRatio } from '../lib/load.js';
import { sandboxEnv } from '../lib/portal.js';
import { redisInstalled, startBenchRedis } from '../lib/redis.js';
import { perSecond, type RowResult } from '../lib/report.js';
import { LOAD } from '../lib/settings.js';
import { signIn } from '../lib/sign-in.js';

const TARGET = 0.9;

export async function run(): Promise<RowResult[]> {
  const results: RowResult[] = [];
  results.push(await measure('memory'));
  if (!redisInstalled()) {
    results.push({ row: '1b GET /api/session, Redis store', ours: '—', peer: '—', ratio: null, target: `≥ ${TARGET}x`, pass: false, notes: 'redis-server is not installed' });
    return results;
  }
  const redis = await startBenchRedis();
  try {
    results.push(await measure(redis.url));
  } finally {
    await redis.stop();
  }
  return results;
}

async function measure(store: string): Promise<RowResult> {
  const label = store === 'memory' ? '1a GET /api/session, memory store' : '1b GET /api/session, Redis store';
  const sandbox = await startSandbox();
  const child = await startChild<{ ours: string; bare: string }>('session-apps', {
    BENCH_SANDBOX_ENV: JSON.stringify(sandboxEnv(sandbox)),
    BENCH_STORE: store,
  });
  try {
    sandbox.account.registerRedirectUri(`${child.ready.ours}/auth/callback`);
    const userId = sandbox.demoUsers[0]!.id;
    const { cookie } = await signIn(child.ready.ours, userId);
    const headers = { cookie, accept: 'application/json' };
    // Both answer for the same signed-in user before anything is measured.
    for (const url of [child.ready.ours, child.ready.bare]) {
      const res = await fetch(`${url}/api/session`, { headers });
      const body = (await res.json()) as { user?: { id?: string } };
      if (res.status !== 200 || body.user?.id !== userId) throw new Error(`${url}/api/session did not see the signed-in session (${res.status})`);
    }
    const serverCpuUs = async () => {
      const usage = await child.call<NodeJS.CpuUsage>('cpu');
      return usage.user + usage.system;
    };
    const figures = await compareLoad(
      [
        { name: 'ours', url: `${child.ready.ours}/api/session`, headers, expectStatus: 200 },
        { name: 'bare', url: `${child.ready.bare}/api/session`, headers, expectStatus: 200 },
      ],
      serverCpuUs,
    );
    const ours = figures.get('ours')!;
    const bare = figures.get('bare')!;
    const ratio = pairedRatio(ours, bare);
    return {
      row: label,
      ours: perSecond(ours.perSecond),
      peer: `bare express-session ${perSecond(bare.perSecond)}`,
      ratio,
      target: `≥ ${TARGET}x`,
      pass: ratio >= TARGET,
      notes:
        `autocannon, ${LOAD.connections} connections, ${LOAD.rounds} alternating rounds of ${LOAD.roundSeconds} s per side after a warm-up, ratio = median of the rounds' ratios; ` +
        'both apps in one child process over one store instance (the load generator in the parent: one core each); ' +
        `p50 ${ours.p50} ms vs ${bare.p50} ms; server CPU per request ${ours.cpuUsPerRequest!.toFixed(0)} µs vs ${bare.cpuUsPerRequest!.toFixed(0)} µs (bare / ours ${(bare.cpuUsPerRequest! / ours.cpuUsPerRequest!).toFixed(2)}x, the same comparison in CPU time); ` +
        'ours sends helmet\'s 11 security headers, which bare does not; bare computes an ETag, ours does not (no-store answers); our logger silent (the library default)',
      data: { ours, bare },
    };
  } finally {
    await child.stop();
    await sandbox.close();
  }
}
