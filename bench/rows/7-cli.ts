/**
 * Row 7: wall time of `samsung-auth jwt` (the built CLI: `node dist/cli/main.js jwt`) vs seed
 * 001's plain Node script with jsonwebtoken (bench/seed-001-create-jwt.js), same key (the
 * sandbox's demo account). Runs alternate; the median of each.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { median } from '../lib/load.js';
import { ms, type RowResult } from '../lib/report.js';
import { pick } from '../lib/settings.js';

const RUNS = pick(9, 2);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function run(): Promise<RowResult[]> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const sandbox = await startSandbox();
  const demo = sandbox.galaxy.demoServiceAccount;
  try {
    const ours = ['dist/cli/main.js', 'jwt', '--service-account-id', demo.id, '--key-file', demo.privateKeyFile, '--scopes', 'publishing'];
    const seed = ['bench/seed-001-create-jwt.js', demo.id, demo.privateKeyFile];
    const times: Record<'ours' | 'seed', number[]> = { ours: [], seed: [] };
    time(ours);
    time(seed); // warm the file cache
    for (let i = 0; i < RUNS; i++) {
      for (const side of i % 2 ? (['seed', 'ours'] as const) : (['ours', 'seed'] as const)) times[side].push(time(side === 'ours' ? ours : seed));
    }
    const o = median(times.ours);
    const s = median(times.seed);
    return [
      {
        row: '7 samsung-auth jwt, wall time',
        ours: ms(o),
        peer: `seed 001 script (jsonwebtoken) ${ms(s)}`,
        ratio: o / s,
        target: '≤ 1.3x',
        pass: o / s <= 1.3,
        notes: `median of ${RUNS} runs each, alternating, after one warm-up run each; node ${process.version} started fresh every run`,
        data: times,
      },
    ];
  } finally {
    await sandbox.close();
  }
}

function time(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (r.status !== 0 || r.stdout.split('.').length !== 3) throw new Error(`${args[0]} failed (${r.status}): ${r.stderr.slice(0, 300)}`);
  return elapsed;
}
