/**
 * Row 6: memory of the embedded session store. 100,000 anonymous requests (GET / and
 * GET /account, alternating) leave it empty; then 10,000 signed-in sessions, made by real HTTP
 * sign-ins through the portal (GET /auth/login, then GET /auth/callback with its state: state
 * check, code exchange through openid-client, session regeneration), the token endpoint answered
 * in-process by a stub so that Samsung's part (measured in row 3) does not dominate the time.
 */
import { startChild } from '../lib/child.js';
import { load } from '../lib/load.js';
import { sandboxEnv } from '../lib/portal.js';
import { mib, type RowResult } from '../lib/report.js';
import { pick } from '../lib/settings.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';

const ANONYMOUS = pick(100_000, 2_000);
const SESSIONS = pick(10_000, 300);
const PARALLEL = 16;

export async function run(): Promise<RowResult[]> {
  // The sandbox only provides settings (client id, URLs): the stub answers the token call.
  const sandbox = await startSandbox();
  const env = sandboxEnv(sandbox);
  await sandbox.close();
  const child = await startChild<{ url: string }>('portal', { BENCH_SANDBOX_ENV: JSON.stringify(env), BENCH_STUB_TOKEN: '1' }, ['--expose-gc']);
  try {
    const url = child.ready.url;
    const start = await child.call<NodeJS.MemoryUsage>('memory');

    await load(
      { name: 'anonymous', url, requests: [{ method: 'GET', path: '/' }], expectStatus: 200 },
      { amount: ANONYMOUS / 2 },
    );
    await load(
      { name: 'anonymous /account', url, requests: [{ method: 'GET', path: '/account' }], expectStatus: 302 },
      { amount: ANONYMOUS / 2 },
    );
    const afterAnonymous = await child.call<{ size: number }>('storeSize');

    const before = await child.call<NodeJS.MemoryUsage>('memory');
    const t0 = performance.now();
    let started = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (started < SESSIONS) {
          started++;
          await signInWithStub(url);
        }
      }),
    );
    const signInMs = performance.now() - t0;
    const after = await child.call<NodeJS.MemoryUsage>('memory');
    const store = await child.call<{ size: number; evicted: number }>('storeSize');
    const perSession = (after.heapUsed - before.heapUsed) / SESSIONS;
    return [
      {
        row: `6a ${ANONYMOUS.toLocaleString('en-US')} anonymous requests`,
        ours: `store size ${afterAnonymous.size}`,
        peer: `${ANONYMOUS.toLocaleString('en-US')} requests (GET /, GET /account)`,
        ratio: afterAnonymous.size / ANONYMOUS,
        target: 'size 0',
        pass: afterAnonymous.size === 0,
        notes: `autocannon, ${ANONYMOUS / 2} GET / (200) then ${ANONYMOUS / 2} GET /account (302 to sign in), no cookies; RSS ${mib(start.rss)} → ${mib(before.rss)}`,
        data: { start, afterAnonymous: before, storeSize: afterAnonymous.size },
      },
      {
        row: `6b ${SESSIONS.toLocaleString('en-US')} signed-in sessions, memory store`,
        ours: `RSS ${mib(after.rss)} (+${mib(after.rss - before.rss)}), heap +${mib(after.heapUsed - before.heapUsed)}`,
        peer: `store size ${store.size.toLocaleString('en-US')}`,
        ratio: store.size / SESSIONS,
        target: `all ${SESSIONS.toLocaleString('en-US')} held`,
        pass: store.size === SESSIONS && store.evicted === 0,
        notes:
          `real HTTP sign-ins through the portal (login → callback), token endpoint stubbed in-process, ${PARALLEL} at a time, ${(signInMs / 1000).toFixed(1)} s; ` +
          `~${Math.round(perSession)} bytes of heap per session (after a forced GC); the pending-login sessions were replaced at sign-in, none left behind`,
        data: { before, after, store, perSessionBytes: perSession },
      },
    ];
  } finally {
    await child.stop();
  }
}

async function signInWithStub(url: string): Promise<void> {
  const login = await fetch(`${url}/auth/login`, { redirect: 'manual' });
  await login.arrayBuffer();
  const state = new URL(login.headers.get('location')!).searchParams.get('state');
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0];
  if (login.status !== 302 || !state || !cookie) throw new Error(`login answered ${login.status}`);
  const callback = await fetch(`${url}/auth/callback?code=bench-code&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  const body = await callback.text();
  if (callback.status !== 303) throw new Error(`callback answered ${callback.status}: ${body.slice(0, 200)}`);
}
