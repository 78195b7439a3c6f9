/**
 * `node --import tsx bench/profile.ts session|login [DIR]`: a V8 CPU profile (--cpu-prof) of our
 * side of row 1 (signed-in GET /api/session, memory store) or row 2 (GET /auth/login), under
 * load for a few seconds, written to DIR (default /tmp/sak-prof). Open it in Chrome DevTools.
 */
import { startSandbox } from '../src/sandbox/sandbox.js';
import { startChild } from './lib/child.js';
import { loader } from './lib/fixed-load.js';
import { sandboxEnv } from './lib/portal.js';
import { signIn } from './lib/sign-in.js';

const what = process.argv[2] ?? 'session';
const dir = process.argv[3] ?? '/tmp/sak-prof';
const REQUESTS = 40_000;

if (what === 'login') {
  const child = await startChild<{ ours: string }>('login-apps', { BENCH_PEER: 'bare' }, ['--cpu-prof', `--cpu-prof-dir=${dir}`], { pin: true });
  const l = loader({ name: 'ours', url: child.ready.ours, expectStatus: 302 }, 10);
  await l.fire(REQUESTS);
  l.close();
  await child.stop();
} else {
  const sandbox = await startSandbox();
  const child = await startChild<{ ours: string }>(
    'session-apps',
    { BENCH_SANDBOX_ENV: JSON.stringify(sandboxEnv(sandbox)), BENCH_STORE: 'memory', BENCH_PEER: 'none' },
    ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    { pin: true },
  );
  sandbox.account.registerRedirectUri(`${child.ready.ours}/auth/callback`);
  const { cookie } = await signIn(child.ready.ours, sandbox.demoUsers[0]!.id);
  const l = loader({ name: 'ours', url: `${child.ready.ours}/api/session`, headers: { cookie }, expectStatus: 200 }, 10);
  await l.fire(REQUESTS);
  l.close();
  await child.stop();
  await sandbox.close();
}
console.log(`profile written to ${dir}`);
