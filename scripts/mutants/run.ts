/**
 * `npm run mutants`: proves each protection by its mutant. For every entry of mutants.ts it
 * copies the project to a scratch folder, applies one small source change that removes one
 * protection, runs the tests that guard it, and expects them to fail. A mutant that survives
 * (its tests still pass) is a protection nothing checks: the run fails.
 *
 * Usage: npm run mutants [-- NAME_FILTER]   (MUTANTS_JOBS=N runs N at once; default 2)
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS, type Mutant } from './mutants.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COPIED = ['src', 'test', 'views', 'scripts', 'examples', 'docs', 'package.json', 'tsconfig.json', 'README.md'];

interface Outcome {
  mutant: Mutant;
  killed: boolean;
  seconds: number;
  note: string;
}

async function scratchCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sak-mutant-'));
  for (const entry of COPIED) await cp(path.join(root, entry), path.join(dir, entry), { recursive: true });
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Applies the change; throws when the text to change is not found exactly once (the mutant went stale). */
async function apply(dir: string, mutant: Mutant): Promise<void> {
  const file = path.join(dir, mutant.file);
  const text = await readFile(file, 'utf8');
  const count = text.split(mutant.find).length - 1;
  if (count !== 1) throw new Error(`"${mutant.find.slice(0, 60)}" occurs ${count} times in ${mutant.file}`);
  await writeFile(file, text.replace(mutant.find, mutant.replace));
}

function runTests(dir: string, mutant: Mutant): Promise<{ code: number | null; output: string }> {
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec'];
  if (mutant.testNamePattern) args.push(`--test-name-pattern=${mutant.testNamePattern}`);
  args.push(...mutant.tests);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function judge(mutant: Mutant): Promise<Outcome> {
  const started = Date.now();
  const dir = await scratchCopy();
  try {
    await apply(dir, mutant);
    const { code, output } = await runTests(dir, mutant);
    // Killed means a test failed; a run that found no test at all proves nothing.
    const ran = /ℹ tests [1-9]/.test(output);
    return { mutant, killed: code !== 0 && ran, seconds: (Date.now() - started) / 1000, note: code === 0 ? 'tests passed' : ran ? '' : 'no test ran' };
  } catch (err) {
    return { mutant, killed: false, seconds: (Date.now() - started) / 1000, note: err instanceof Error ? err.message : String(err) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function baselineRun(selected: Mutant[]): Promise<{ code: number | null; output: string }> {
  const dir = await scratchCopy();
  try {
    const files = [...new Set(selected.flatMap((m) => m.tests))];
    return await runTests(dir, { name: 'baseline', removes: '', file: '', find: '', replace: '', tests: files });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const selected = MUTANTS.filter((m) => !filter || m.name.includes(filter));
  const jobs = Math.max(1, Number(process.env.MUTANTS_JOBS ?? 2));
  // The control: unmutated, the guarding tests pass; otherwise every mutant would look killed.
  const baseline = await baselineRun(selected);
  if (baseline.code !== 0) {
    console.log(`${baseline.output.slice(-4000)}\nmutants: the guarding tests fail without any mutant; fix them first.`);
    process.exitCode = 1;
    return;
  }
  console.log(`baseline: the guarding tests of ${selected.length} mutants pass unmutated`);
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < selected.length) {
        const mutant = selected[next++]!;
        const outcome = await judge(mutant);
        outcomes.push(outcome);
        console.log(`${outcome.killed ? 'killed  ' : 'SURVIVED'} ${mutant.name} (${outcome.seconds.toFixed(1)} s)${outcome.note ? ` -- ${outcome.note}` : ''}`);
      }
    }),
  );
  outcomes.sort((a, b) => selected.indexOf(a.mutant) - selected.indexOf(b.mutant));
  console.log('\n| mutant | removes | guarding tests | killed |\n| --- | --- | --- | --- |');
  for (const o of outcomes) {
    console.log(`| ${o.mutant.name} | ${o.mutant.removes} | ${o.mutant.tests.map((t) => t.replace(/^test\//, '')).join(', ')}${o.mutant.testNamePattern ? ` ("${o.mutant.testNamePattern}")` : ''} | ${o.killed ? 'yes' : `**no** (${o.note})`} |`);
  }
  const survivors = outcomes.filter((o) => !o.killed);
  console.log(`\nmutants: ${outcomes.length - survivors.length} killed, ${survivors.length} survived`);
  if (survivors.length > 0 || selected.length === 0) process.exitCode = 1;
}

await main();
