/**
 * Row 2: `GET /auth/login`, ours against bare express-session + helmet (a hashed random state in
 * the session, then the redirect), passport-oauth2 + helmet (`state: true`) and
 * express-openid-connect's `/login`. Each request comes without a cookie: a new visitor starting
 * a sign-in, the expensive case. Each pair in a fresh child process with fresh stores, so the
 * tens of thousands of pending logins one pair leaves do not weigh on the next.
 */
import { startChild } from '../lib/child.js';
import { cpuReader } from '../lib/proc-cpu.js';
import { compareCpu, cpuRow } from '../lib/cpu-compare.js';
import type { RowResult } from '../lib/report.js';

const PEERS = [
  { peer: 'bare', letter: 'a', name: 'bare express-session + helmet', target: 1.0, note: 'the bare app stores a hashed 32-byte state in express-session (same memory store class as ours)' },
  { peer: 'passport', letter: 'b', name: 'passport-oauth2 + helmet', target: 1.0, note: "passport-oauth2's session state store (state: true), express-session, helmet()" },
  { peer: 'eoc', letter: 'c', name: 'express-openid-connect', target: 1.5, note: 'express-openid-connect keeps its login transaction in a cookie (nothing stored server-side), discovery served locally' },
] as const;

export async function run(): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const p of PEERS) results.push(await measure(p));
  return results;
}

async function measure(p: (typeof PEERS)[number]): Promise<RowResult> {
  const child = await startChild<{ ours: string; peer: string }>('login-apps', { BENCH_PEER: p.peer }, [], { pin: true });
  try {
    for (const [name, url] of Object.entries(child.ready)) {
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 302 || !res.headers.get('location')?.includes('state=')) throw new Error(`${name} login did not redirect with a state (${res.status})`);
    }
    const cpuUs = cpuReader(child.pid, async () => {
      const usage = await child.call<NodeJS.CpuUsage>('cpu');
      return usage.user + usage.system;
    });
    const cmp = await compareCpu({ name: 'ours', url: child.ready.ours, expectStatus: 302, cpuUs }, { name: p.peer, url: child.ready.peer, expectStatus: 302, cpuUs });
    const stores = await child.call<{ ours: number; peer: number }>('stores');
    return cpuRow({
      row: `2${p.letter} GET /auth/login vs ${p.name}`,
      peerName: p.name,
      cmp,
      target: p.target,
      notes: `no cookie (every request a new visitor); both apps in one fresh child process; ${p.note}; store sizes after the rounds: ours ${stores.ours}, peer ${stores.peer}`,
    });
  } finally {
    await child.stop();
  }
}
