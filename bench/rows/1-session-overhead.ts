/**
 * Row 1: a signed-in `GET /api/session` through createPortalApp, against what integrators build
 * by hand: passport-oauth2 + express-session + helmet (its `/me` reading `req.user`) and bare
 * express-session + helmet (reading the session ours wrote). Memory store, then Redis. Each pair
 * in a fresh child process with a fresh store; the sessions come from real sign-ins against the
 * sandbox (ours through our callback, passport's through its own).
 */
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { startChild } from '../lib/child.js';
import { cpuReader, procCpuUs } from '../lib/proc-cpu.js';
import { compareCpu, cpuRow, type CpuTarget } from '../lib/cpu-compare.js';
import { pinToServerCore } from '../lib/pin.js';
import { sandboxEnv } from '../lib/portal.js';
import { redisInstalled, startBenchRedis } from '../lib/redis.js';
import type { RowResult } from '../lib/report.js';
import { signIn } from '../lib/sign-in.js';

type Peer = 'passport' | 'bare';

const PEERS: Record<Peer, { name: string; path: string; target: number; letter: string }> = {
  passport: { name: 'passport-oauth2 + helmet', path: '/me', target: 1.1, letter: 'a' },
  bare: { name: 'bare express-session + helmet', path: '/api/session', target: 1.0, letter: 'b' },
};

export async function run(): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const peer of ['passport', 'bare'] as const) results.push(await measure('memory', peer));
  if (!redisInstalled()) {
    for (const peer of ['passport', 'bare'] as const) {
      results.push({ row: `1${PEERS[peer].letter} Redis: /api/session vs ${PEERS[peer].name}`, ours: '—', peer: '—', ratio: null, target: '≥ 1.00x', pass: false, notes: 'redis-server is not installed' });
    }
    return results;
  }
  const redis = await startBenchRedis();
  try {
    if (redis.pid) pinToServerCore(redis.pid);
    for (const peer of ['passport', 'bare'] as const) results.push(await measure(redis.url, peer, redis.pid));
  } finally {
    await redis.stop();
  }
  return results;
}

/** Signs in on both sides, checks both answer for that user, then the alternating rounds. */
async function measure(store: string, peer: Peer, redisPid?: number): Promise<RowResult> {
  const p = PEERS[peer];
  const redis = store !== 'memory';
  const sandbox = await startSandbox();
  const child = await startChild<{ ours: string; peer: string }>(
    'session-apps',
    { BENCH_SANDBOX_ENV: JSON.stringify(sandboxEnv(sandbox)), BENCH_STORE: store, BENCH_PEER: peer },
    [],
    { pin: true },
  );
  try {
    sandbox.account.registerRedirectUri(`${child.ready.ours}/auth/callback`);
    sandbox.account.registerRedirectUri(`${child.ready.peer}/auth/callback`);
    const userId = sandbox.demoUsers[0]!.id;
    const ours = (await signIn(child.ready.ours, userId)).cookie;
    const theirs = peer === 'passport' ? (await signIn(child.ready.peer, userId, { upperCaseResponseType: true })).cookie : ours;
    const oursUrl = `${child.ready.ours}/api/session`;
    const peerUrl = `${child.ready.peer}${p.path}`;
    for (const [url, cookie] of [[oursUrl, ours], [peerUrl, theirs]] as const) {
      const res = await fetch(url, { headers: { cookie, accept: 'application/json' } });
      const body = (await res.json()) as { user?: { id?: string } };
      if (res.status !== 200 || body.user?.id !== userId) throw new Error(`${url} did not see the signed-in session (${res.status})`);
    }
    const own = cpuReader(child.pid, async () => {
      const usage = await child.call<NodeJS.CpuUsage>('cpu');
      return usage.user + usage.system;
    });
    // On Redis, redis-server's CPU is part of what a request costs.
    const cpuUs = async () => (await own()) + (redisPid ? (procCpuUs(redisPid) ?? 0) : 0);
    const target = (name: string, url: string, cookie: string): CpuTarget => ({ name, url, headers: { cookie, accept: 'application/json' }, expectStatus: 200, cpuUs });
    const cmp = await compareCpu(target('ours', oursUrl, ours), target(peer, peerUrl, theirs));
    return cpuRow({
      row: `1${redis ? String.fromCharCode(p.letter.charCodeAt(0) + 2) : p.letter} signed-in GET /api/session vs ${p.name}, ${redis ? 'Redis' : 'memory'} store`,
      peerName: `${p.name}${peer === 'passport' ? ' (/me)' : ''}`,
      cmp,
      target: redis ? 1.0 : p.target,
      notes:
        `both apps in one fresh child process over one ${redis ? 'RedisSessionStore (its own redis-server, pinned with the servers)' : 'MemorySessionStore'}; ` +
        (peer === 'passport'
          ? "passport's session comes from its own sign-in through the sandbox (passport-oauth2, state: true; the client upper-cases response_type in the browser's hop, as Samsung wants CODE)"
          : 'bare reads the session our sign-in wrote (same store, cookie name and secret)') +
        `; peers send helmet()'s defaults, ours its own helmet set; the figures are the server process's CPU${redis ? ' plus redis-server\'s' : ''}`,
    });
  } finally {
    await child.stop();
    await sandbox.close();
  }
}
