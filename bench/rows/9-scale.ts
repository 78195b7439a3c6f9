/**
 * Row 9: the signed-in read as the work grows. (a) `GET /api/session` with 100,000 sessions in
 * the memory store against the same with 1,000: two fresh processes, each its own store, seeded
 * with sessions shaped like real ones (seed.ts), the measured one from a real sign-in. Both do
 * the same seeding work (the small one seeds the difference into a store it drops) and collect
 * their garbage before the rounds: V8 sizes a heap by the work it has seen (100,000 sets in a
 * row, most likely its young generation), and a small side that never did that work measured
 * 0.94-0.96 for the history as much as for the store (0.96-1.00 with the same history). (b) the
 * Redis store: two portal instances sharing one redis-server and the load against one instance
 * taking all of it; the CPU counted is the portals' and redis-server's together. (c) a login
 * flood: `GET /auth/login` with the memory store's anonymous budget full, so that every login
 * evicts the oldest pending one, against the same portal with a budget it never reaches (both
 * ours, in one process).
 */
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startChild, type BenchChild } from '../lib/child.js';
import { compareCpu, cpuRow, type CpuTarget } from '../lib/cpu-compare.js';
import { pinToServerCore } from '../lib/pin.js';
import { sandboxEnv } from '../lib/portal.js';
import { cpuReader, procCpuUs } from '../lib/proc-cpu.js';
import { redisInstalled, startBenchRedis } from '../lib/redis.js';
import type { RowResult } from '../lib/report.js';
import { LOAD, pick } from '../lib/settings.js';
import { loader } from '../lib/fixed-load.js';
import { DEFAULT_MAX_ANONYMOUS_ENTRIES } from '../../src/stores/memory-session-store.js';
import { signIn } from '../lib/sign-in.js';

const SMALL = 1_000;
const LARGE = pick(100_000, 5_000);

type Portal = BenchChild<{ ours: string }>;

async function portal(sandbox: Sandbox, store: string): Promise<Portal> {
  const child = await startChild<{ ours: string }>('session-apps', { BENCH_SANDBOX_ENV: JSON.stringify(sandboxEnv(sandbox)), BENCH_STORE: store, BENCH_PEER: 'none' }, ['--expose-gc'], { pin: true });
  sandbox.account.registerRedirectUri(`${child.ready.ours}/auth/callback`);
  return child;
}

function target(name: string, child: Portal, cookie: string, extraCpu?: () => number): CpuTarget {
  const own = cpuReader(child.pid, async () => {
    const u = await child.call<NodeJS.CpuUsage>('cpu');
    return u.user + u.system;
  });
  return { name, url: `${child.ready.ours}/api/session`, headers: { cookie, accept: 'application/json' }, expectStatus: 200, cpuUs: async () => (await own()) + (extraCpu?.() ?? 0) };
}

export async function run(): Promise<RowResult[]> {
  const results = [await sessionsInMemory()];
  results.push(
    redisInstalled()
      ? await redisInstances()
      : { row: '9b Redis store, two portal instances vs one', ours: '—', peer: '—', ratio: null, target: '—', pass: null, notes: 'redis-server is not installed' },
  );
  results.push(await loginFlood());
  return results;
}

async function sessionsInMemory(): Promise<RowResult> {
  const sandbox = await startSandbox();
  const children: Portal[] = [];
  try {
    const large = await portal(sandbox, 'memory');
    children.push(large);
    const small = await portal(sandbox, 'memory');
    children.push(small);
    const userId = sandbox.demoUsers[0]!.id;
    const cookies = [(await signIn(large.ready.ours, userId)).cookie, (await signIn(small.ready.ours, userId)).cookie];
    await large.call('seed', LARGE - 1);
    await small.call('seed', SMALL - 1);
    // Same history on both sides: the small one seeds the difference into a store it drops, then
    // both collect their garbage, so V8 sized both heaps after the same work.
    await small.call('seedScratch', LARGE - SMALL);
    for (const c of [large, small]) await c.call('gc');
    const sizes = [await large.call<{ size: number }>('storeSize'), await small.call<{ size: number }>('storeSize')];
    // Twice the pairs of the other rows: the two sides are two processes, and a pair's ratio
    // scatters more than in one (rounds of 300 pairs came out 7-15% apart, of 600 about 5%).
    const cmp = await compareCpu(target('large', large, cookies[0]!), target('small', small, cookies[1]!), { slicePairs: 2 * LOAD.slicePairs });
    return cpuRow({
      row: `9a signed-in GET /api/session, ${LARGE.toLocaleString('en-US')} vs ${SMALL.toLocaleString('en-US')} sessions in the memory store`,
      peerName: `${SMALL.toLocaleString('en-US')} sessions`,
      cmp,
      target: 0.95,
      notes: `two fresh processes (store sizes ${sizes[0]!.size} and ${sizes[1]!.size}), each seeded with signed-in sessions shaped like a real one, the measured session from a real sign-in; the same seeding work on both sides (the small one seeds ${(LARGE - SMALL).toLocaleString('en-US')} more into a store it drops), then a full GC on both; ratio = small's µs / large's µs`,
    });
  } finally {
    for (const c of children) await c.stop();
    await sandbox.close();
  }
}

async function redisInstances(): Promise<RowResult> {
  const redis = await startBenchRedis();
  const sandbox = await startSandbox();
  const children: Portal[] = [];
  try {
    if (redis.pid) pinToServerCore(redis.pid);
    const redisCpu = () => (redis.pid ? (procCpuUs(redis.pid) ?? 0) : 0);
    for (let i = 0; i < 3; i++) children.push(await portal(sandbox, redis.url));
    const [one, twoA, twoB] = children as [Portal, Portal, Portal];
    const { cookie } = await signIn(one.ready.ours, sandbox.demoUsers[0]!.id);
    const a = target('two A', twoA, cookie, redisCpu);
    const b = target('two B', twoB, cookie);
    const two: CpuTarget = { ...a, alongside: [{ target: b, cpuUs: b.cpuUs }] };
    const cmp = await compareCpu(two, target('one', one, cookie, redisCpu));
    return cpuRow({
      row: '9b signed-in GET /api/session, Redis store: two portal instances vs one',
      peerName: 'one instance',
      cmp,
      target: null,
      notes:
        'three fresh portal processes on one redis-server (all pinned to the server core): the "two" side sends half of each slice to each of two instances (half the connections each), the "one" side all to the third; ' +
        "one session (from a real sign-in on the third) read by all; CPU = the portals' + redis-server's (its /proc schedstat); ratio = one's µs / two's µs",
    });
  } finally {
    for (const c of children) await c.stop();
    await sandbox.close();
    await redis.stop();
  }
}

/** The anonymous budget of row 9c: the store's default (a smoke run fills a smaller one). */
const ANON_BUDGET = pick(DEFAULT_MAX_ANONYMOUS_ENTRIES, 2_000);

async function loginFlood(): Promise<RowResult> {
  const child = await startChild<{ ours: string; peer: string }>('login-apps', { BENCH_PEER: 'budget', BENCH_ANON_BUDGET: String(ANON_BUDGET) }, [], { pin: true });
  try {
    // Fill the budget with real pending logins (one request each), then one more to be sure it evicts.
    const fill = loader({ name: 'fill', url: child.ready.peer, expectStatus: 302 }, 4);
    await fill.fire(ANON_BUDGET + 1);
    fill.close();
    const before = await child.call<{ ours: number; peer: number; peerEvicted: number }>('stores');
    if (before.peer !== ANON_BUDGET || before.peerEvicted < 1) throw new Error(`the budget did not fill (store ${before.peer}, evicted ${before.peerEvicted})`);
    const cpuUs = cpuReader(child.pid, async () => {
      const usage = await child.call<NodeJS.CpuUsage>('cpu');
      return usage.user + usage.system;
    });
    const cmp = await compareCpu({ name: 'full', url: child.ready.peer, expectStatus: 302, cpuUs }, { name: 'roomy', url: child.ready.ours, expectStatus: 302, cpuUs });
    const after = await child.call<{ ours: number; peer: number; peerEvicted: number }>('stores');
    return cpuRow({
      row: `9c GET /auth/login, a login flood: the anonymous budget (${ANON_BUDGET.toLocaleString('en-US')}) full vs never reached`,
      peerName: 'budget never reached',
      cmp,
      target: 0.95,
      notes: `our portal twice in one fresh child process, no cookie (every request a new visitor); the full side's memory store filled to its anonymous budget with real pending logins first, so each login evicts the oldest one (${(after.peerEvicted - before.peerEvicted).toLocaleString('en-US')} evicted during the rounds); the other side's store never evicts (it grew to ${after.ours.toLocaleString('en-US')}); ratio = never-reached µs / full µs`,
    });
  } finally {
    await child.stop();
  }
}
