/**
 * `npm run bench`: every row, one after another, then the table (printed, and written to
 * bench/results.json and bench/results.md). BENCH_SMOKE=1 runs tiny durations (< 60 s) to prove
 * the rows still run; BENCH_ROWS=1,4 runs only some rows. Exits 0 even when a target is missed:
 * FAIL rows are marked in the table.
 */
import { fileURLToPath } from 'node:url';
import { machine, textTable, writeResults, type RowResult } from './lib/report.js';
import { SMOKE } from './lib/settings.js';

interface Row {
  id: string;
  title: string;
  run(): Promise<RowResult[]>;
}

const ROWS: Row[] = [
  { id: '1', title: 'signed-in request overhead', run: async () => (await import('./rows/1-session-overhead.js')).run() },
  { id: '2', title: 'login redirects', run: async () => (await import('./rows/2-login-redirects.js')).run() },
  { id: '3', title: 'full sign-ins', run: async () => (await import('./rows/3-sign-ins.js')).run() },
  { id: '4', title: 'JWT minting', run: async () => (await import('./rows/4-jwt-minting.js')).run() },
  { id: '5', title: 'token manager', run: async () => (await import('./rows/5-token-manager.js')).run() },
  { id: '6', title: 'memory', run: async () => (await import('./rows/6-memory.js')).run() },
  { id: '7', title: 'CLI', run: async () => (await import('./rows/7-cli.js')).run() },
  { id: '8', title: 'uploads', run: async () => (await import('./rows/8-upload.js')).run() },
  { id: '9', title: 'cost as work grows', run: async () => (await import('./rows/9-scale.js')).run() },
];

const wanted = process.env.BENCH_ROWS?.split(',').map((s) => s.trim());
const results: RowResult[] = [];
const started = performance.now();
for (const row of ROWS) {
  if (wanted && !wanted.includes(row.id)) continue;
  const t0 = performance.now();
  console.log(`== row ${row.id}: ${row.title}`);
  try {
    const rows = await row.run();
    results.push(...rows);
    for (const r of rows) console.log(`   ${r.row}: ${r.ours} vs ${r.peer}`);
  } catch (err) {
    console.error(`row ${row.id} failed:`, err);
    results.push({ row: `${row.id} ${row.title}`, ours: 'error', peer: '—', ratio: null, target: '—', pass: false, notes: String(err).slice(0, 300) });
  }
  console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

const m = machine(SMOKE);
console.log('');
console.log(`Node ${m.node} · ${m.cpu} · ${m.cores} cores${SMOKE ? ' · SMOKE run: figures mean nothing' : ''}`);
console.log(textTable(results));
const json = fileURLToPath(new URL(SMOKE ? './results.smoke.json' : './results.json', import.meta.url));
const md = fileURLToPath(new URL(SMOKE ? './results.smoke.md' : './results.md', import.meta.url));
await writeResults(results, m, { json, md });
console.log(`\nwritten: ${json}, ${md} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(0);
