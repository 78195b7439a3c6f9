/**
 * Row 3: full sign-ins per second against the sandbox on loopback: login → signInGate page →
 * approval POST → callback (with the code exchange at the sandbox's token endpoint). The portal
 * runs in a child process; the sandbox and the "browsers" here. The sandbox's share is timed:
 * the two hops the browser makes to it, and the portal's token calls (timed in the portal).
 */
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { startChild } from '../lib/child.js';
import { median } from '../lib/load.js';
import { sandboxEnv } from '../lib/portal.js';
import { ms, perSecond, type RowResult } from '../lib/report.js';
import { pick } from '../lib/settings.js';
import { signInMany } from '../lib/sign-in.js';

const COUNT = pick(300, 20);
const PARALLEL = 4;

export async function run(): Promise<RowResult[]> {
  const sandbox = await startSandbox();
  const child = await startChild<{ url: string }>('portal', { BENCH_SANDBOX_ENV: JSON.stringify(sandboxEnv(sandbox)) });
  try {
    sandbox.account.registerRedirectUri(`${child.ready.url}/auth/callback`);
    const userId = sandbox.demoUsers[0]!.id;
    await signInMany(child.ready.url, userId, 10, PARALLEL); // warm-up
    const before = await child.call<{ calls: number; ms: number }>('tokenCalls');
    const tokensBefore = sandbox.counters.get('account.token');
    const { timings, wallMs } = await signInMany(child.ready.url, userId, COUNT, PARALLEL);
    const after = await child.call<{ calls: number; ms: number }>('tokenCalls');
    const exchanged = sandbox.counters.get('account.token') - tokensBefore;
    if (timings.length !== COUNT || exchanged !== COUNT) throw new Error(`expected ${COUNT} sign-ins and token calls, got ${timings.length} and ${exchanged}`);

    const rate = (COUNT / wallMs) * 1000;
    const totalMs = timings.reduce((s, t) => s + t.totalMs, 0);
    const sandboxMs = timings.reduce((s, t) => s + t.sandboxHopsMs, 0) + (after.ms - before.ms);
    const share = sandboxMs / totalMs;
    const perSignIn = totalMs / COUNT;
    return [
      {
        row: '3 full sign-ins against the sandbox',
        ours: `${perSecond(rate)} (${ms(perSignIn)} each)`,
        peer: `time in the sandbox ${ms(sandboxMs / COUNT)} per sign-in`,
        ratio: share,
        target: '—',
        pass: null,
        notes:
          `${COUNT} sign-ins, ${PARALLEL} at a time, after 10 to warm up; the ratio is the sandbox's share of a sign-in's time ` +
          `(signInGate page + approval hops timed by the client, token calls timed in the portal); the portal's own share ${ms((totalMs - sandboxMs) / COUNT)} per sign-in; ` +
          `median sign-in ${ms(median(timings.map((t) => t.totalMs)))}`,
        data: { count: COUNT, parallel: PARALLEL, wallMs, perSignInMs: perSignIn, sandboxMsPerSignIn: sandboxMs / COUNT },
      },
    ];
  } finally {
    await child.stop();
    await sandbox.close();
  }
}
