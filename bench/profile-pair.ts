/**
 * `node --import tsx bench/profile-pair.ts [bare|passport] [memory|redis] [SLICES]`: where ours
 * and a peer of row 1 spend their CPU, side by side. Both apps run in one child process under
 * --cpu-prof; this process sends them alternating slices of 8 requests (one at a time, as the
 * ruler does) and notes when each slice ran; each sample of the profile then goes to the side
 * whose slice was running. The table prints µs per request by package (and our own files), ours
 * and the peer's, and the functions whose self time differs most.
 *
 * Why interleaved: a profile of one side and then the other compares two machines (this one's
 * speed moves by more than the gaps being looked for within a minute).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { startChild } from './lib/child.js';
import { loader } from './lib/fixed-load.js';
import { onLoadCore, pinToServerCore } from './lib/pin.js';
import { sandboxEnv } from './lib/portal.js';
import { startBenchRedis } from './lib/redis.js';
import { signIn } from './lib/sign-in.js';

const peer = process.argv[2] === 'passport' ? 'passport' : 'bare';
const onRedis = process.argv[3] === 'redis';
const SLICES = Number(process.argv[4] ?? 3000);
const SLICE = 8;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
type Window = [side: 0 | 1, start: number, end: number];

const dir = mkdtempSync(path.join(os.tmpdir(), 'sak-pair-'));
const redis = onRedis ? await startBenchRedis() : undefined;
if (redis?.pid) pinToServerCore(redis.pid);
const sandbox = await startSandbox();
const child = await startChild<{ ours: string; peer: string }>(
  'session-apps',
  { BENCH_SANDBOX_ENV: JSON.stringify(sandboxEnv(sandbox)), BENCH_STORE: redis?.url ?? 'memory', BENCH_PEER: peer },
  ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100'],
  { pin: true },
);
sandbox.account.registerRedirectUri(`${child.ready.ours}/auth/callback`);
sandbox.account.registerRedirectUri(`${child.ready.peer}/auth/callback`);
const userId = sandbox.demoUsers[0]!.id;
const ours = (await signIn(child.ready.ours, userId)).cookie;
const theirs = peer === 'passport' ? (await signIn(child.ready.peer, userId, { upperCaseResponseType: true })).cookie : ours;
const loads = [
  loader({ name: 'ours', url: `${child.ready.ours}/api/session`, headers: { cookie: ours, accept: 'application/json' }, expectStatus: 200 }, 1),
  loader({ name: peer, url: `${child.ready.peer}${peer === 'passport' ? '/me' : '/api/session'}`, headers: { cookie: theirs, accept: 'application/json' }, expectStatus: 200 }, 1),
];
const windows: Window[] = [];
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
await onLoadCore(async () => {
  for (const l of loads) await l.fire(3000);
  for (let i = 0; i < SLICES; i++) {
    for (const side of (i % 2 ? [1, 0] : [0, 1]) as Array<0 | 1>) {
      const start = nowUs();
      await loads[side]!.fire(SLICE);
      windows.push([side, start, nowUs()]);
    }
  }
});
for (const l of loads) l.close();
await child.stop();
await sandbox.close();
await redis?.stop();

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written to ${dir}`);
const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
rmSync(dir, { recursive: true, force: true });
report(profile, windows, SLICES * SLICE);

/** Self time per request, by package and by function, for both sides. */
function report(p: Profile, ws: Window[], requestsPerSide: number): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const sorted = [...ws].sort((a, b) => a[1] - b[1]);
  const pkg: Array<Map<string, number>> = [new Map(), new Map()];
  const fn: Array<Map<string, number>> = [new Map(), new Map()];
  let t = p.startTime;
  let w = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i]!;
    t += dt;
    while (w < sorted.length && sorted[w]![2] < t) w++;
    const win = sorted[w];
    if (!win || win[1] > t) continue;
    const node = byId.get(p.samples[i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    const side = win[0];
    add(pkg[side]!, packageOf(url, functionName), dt);
    add(fn[side]!, `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`, dt);
  }
  const perReq = (m: Map<string, number>, k: string) => (m.get(k) ?? 0) / requestsPerSide;
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0) / requestsPerSide;
  console.log(`µs per request (sampled, main thread): ours ${total(pkg[0]!).toFixed(1)}, ${peer} ${total(pkg[1]!).toFixed(1)}\n`);
  printTable('package', pkg, perReq, 30);
  printTable('function (self)', fn, perReq, 40);
}

function printTable(title: string, m: Array<Map<string, number>>, perReq: (m: Map<string, number>, k: string) => number, limit: number): void {
  const keys = [...new Set([...m[0]!.keys(), ...m[1]!.keys()])];
  const rows = keys.map((k) => ({ k, a: perReq(m[0]!, k), b: perReq(m[1]!, k) })).sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b));
  console.log(`${'ours'.padStart(8)} ${peer.padStart(8)} ${'diff'.padStart(8)}  ${title}`);
  for (const r of rows.slice(0, limit)) console.log(`${r.a.toFixed(2).padStart(8)} ${r.b.toFixed(2).padStart(8)} ${(r.a - r.b).toFixed(2).padStart(8)}  ${r.k}`);
  console.log('');
}

function add(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return shortUrl(url);
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 13);
  const i = url.search(/\/(src|bench)\//);
  return i >= 0 ? url.slice(i + 1) : url;
}
