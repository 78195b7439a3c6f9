/**
 * Row 8: upload throughput of one file to the sandbox's upload host, ours (the typed client in a
 * child process: a new upload session, then the file streamed) vs `curl -F` of the same file to
 * the same endpoint with the same headers (its session made beforehand, not timed). Runs alternate;
 * the median of each. Also the child's RSS growth during our upload (target: under 32 MiB).
 * 256 MiB sparse file (8 MiB under BENCH_SMOKE=1).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GalaxyStoreClient } from '../../src/galaxy/galaxy-store-client.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { loadPrivateKey } from '../../src/galaxy/load-private-key.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { median } from '../lib/load.js';
import { mib, type RowResult } from '../lib/report.js';
import { pick } from '../lib/settings.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BYTES = pick(256, 8) * 1024 * 1024;
const RUNS = pick(3, 1);
const exec = promisify(execFile);

async function sparseFile(path: string, bytes: number): Promise<string> {
  const h = await open(path, 'w');
  await h.truncate(bytes);
  await h.close();
  return path;
}

export async function run(): Promise<RowResult[]> {
  const sandbox = await startSandbox();
  const dir = await mkdtemp(join(tmpdir(), 'bench-upload-'));
  const d = sandbox.demoServiceAccount;
  const manager = new GalaxyTokenManager({ serviceAccountId: d.id, privateKey: await loadPrivateKey({ file: d.privateKeyFile }), apiUrl: sandbox.galaxyUrl });
  const galaxy = new GalaxyStoreClient({ serviceAccountId: d.id, accessToken: manager, apiUrl: sandbox.galaxyUrl, uploadUrl: sandbox.uploadUrl });
  try {
    const file = await sparseFile(join(dir, 'big.apk'), BYTES);
    const warmup = await sparseFile(join(dir, 'warmup.apk'), 1024 * 1024);
    const times = { ours: [] as number[], curl: [] as number[], rssGrowth: [] as number[] };
    const ours = async () => {
      const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'test/helpers/upload-child.ts', sandbox.galaxyUrl, sandbox.uploadUrl, d.id, d.privateKeyFile, file, warmup], { cwd: ROOT, timeout: 300_000 });
      const m = JSON.parse(stdout) as { ms: number; growth: number };
      times.ours.push(m.ms);
      times.rssGrowth.push(m.growth);
    };
    const curl = async (n: number) => {
      const { sessionId } = await galaxy.upload.createSession();
      const token = await manager.getAccessToken();
      const started = performance.now();
      const { stdout } = await exec('curl', ['-sS', '-H', `Authorization: Bearer ${token}`, '-H', `service-account-id: ${d.id}`, '-F', `sessionId=${sessionId}`, '-F', `file=@${file};filename=curl-${n}-${Date.now()}.apk`, sandbox.uploadUrl], { timeout: 300_000 });
      times.curl.push(performance.now() - started);
      if (JSON.parse(stdout).fileSize !== String(BYTES)) throw new Error('curl upload did not arrive whole');
    };
    for (let i = 0; i < RUNS; i++) {
      if (i % 2) await curl(i).then(ours);
      else await ours().then(() => curl(i));
    }
    const o = median(times.ours);
    const c = median(times.curl);
    const rate = (ms: number) => `${(BYTES / 1048576 / (ms / 1000)).toFixed(0)} MiB/s`;
    const growth = Math.max(...times.rssGrowth);
    return [
      {
        row: `8a upload ${mib(BYTES)} to the sandbox, throughput`,
        ours: rate(o),
        peer: `curl -F ${rate(c)}`,
        ratio: c / o,
        target: '≥ 0.50x',
        pass: c / o >= 0.5,
        notes: `median of ${RUNS} runs each, alternating; ours = the typed client in a child process (new session + streamed multipart), curl = one POST (session made beforehand); same file, endpoint and headers`,
        data: times,
      },
      {
        row: `8b upload ${mib(BYTES)}, RSS growth of the uploading process`,
        ours: mib(growth),
        peer: '—',
        ratio: null,
        target: '< 32 MiB',
        pass: growth < 32 * 1024 * 1024,
        notes: 'peak RSS during the upload minus RSS after a 1 MiB warm-up upload, sampled every 10 ms; the worst run',
      },
    ];
  } finally {
    await manager.revoke().catch(() => undefined);
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

