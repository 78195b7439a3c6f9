/** Uploads against the sandbox's upload host: streamed, memory flat, own time budget, sessions, names. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GalaxyStoreClient } from '../../src/galaxy/galaxy-store-client.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { loadPrivateKey } from '../../src/galaxy/load-private-key.js';
import { GalaxyApiError } from '../../src/galaxy/galaxy-error.js';
import { uniqueUploadName } from '../../src/galaxy/api/upload.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { repoRoot } from '../helpers/galaxy-cli.js';
import { tempDir } from '../helpers/galaxy-keys.js';

let sandbox: Sandbox;
let galaxy: GalaxyStoreClient;
let manager: GalaxyTokenManager;
let dir: string;

before(async () => {
  sandbox = await startSandbox();
  dir = await tempDir('upload-');
  const d = sandbox.demoServiceAccount;
  manager = new GalaxyTokenManager({ serviceAccountId: d.id, privateKey: await loadPrivateKey({ file: d.privateKeyFile }), apiUrl: sandbox.galaxyUrl });
  galaxy = new GalaxyStoreClient({ serviceAccountId: d.id, accessToken: manager, apiUrl: sandbox.galaxyUrl, uploadUrl: sandbox.uploadUrl });
});
after(async () => {
  await manager.revoke();
  await sandbox.close();
});

async function file(name: string, bytes: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.alloc(bytes, 7));
  return path;
}

describe('uploads', () => {
  test('unique names: <name>-<UTC timestamp>.<ext>, no other dot', () => {
    assert.equal(uniqueUploadName('/x/my.app.release.apk', new Date('2026-12-02T09:30:00.123Z')), 'my-app-release-20261202T093000123Z.apk');
    assert.equal(uniqueUploadName('bundle.aab', new Date('2026-01-01T00:00:00.000Z')), 'bundle-20260101T000000000Z.aab');
  });

  test('the upload host is its own port; the answered size matches; a name used before is refused', async () => {
    assert.notEqual(new URL(sandbox.uploadUrl).port, new URL(sandbox.galaxyUrl).port);
    const path = await file('a.apk', 12_345);
    const up = await galaxy.upload.uploadFile(path, { fileName: 'fixed-name.apk' });
    assert.equal(up.fileSize, '12345');
    assert.equal(up.fileName, 'fixed-name.apk');
    await assert.rejects(galaxy.upload.uploadFile(path, { fileName: 'fixed-name.apk' }), (e: unknown) => e instanceof GalaxyApiError && e.galaxyCode === '7003' && e.httpStatus === 200);
  });

  test('a failed upload spends its session (7002 after)', async () => {
    const session = await galaxy.upload.createSession();
    const token = await manager.getAccessToken();
    const send = (withFile: boolean) => {
      const form = new FormData();
      form.set('sessionId', session.sessionId);
      if (withFile) form.set('file', new Blob(['abc']), `spent-${Date.now()}.apk`);
      return fetch(sandbox.uploadUrl, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'service-account-id': sandbox.demoServiceAccount.id } }).then((r) => r.json());
    };
    assert.equal(((await send(false)) as { errorCode: string }).errorCode, '7001');
    assert.equal(((await send(true)) as { errorCode: string }).errorCode, '7002');
  });

  test('a slow upload hits its own time budget (uploadTimeoutMs), a fresh session is needed after', async () => {
    const slow = new GalaxyStoreClient({ serviceAccountId: sandbox.demoServiceAccount.id, accessToken: manager, apiUrl: sandbox.galaxyUrl, uploadUrl: sandbox.uploadUrl, uploadTimeoutMs: 1000 });
    sandbox.addFault({ route: 'galaxy.fileUpload', fault: { kind: 'slow-read', chunkDelayMs: 400 } });
    const path = await file('slow.apk', 4 * 1024 * 1024);
    await assert.rejects(slow.upload.uploadFile(path), { code: 'UPSTREAM_TIMEOUT' });
    const ok = await slow.upload.uploadFile(await file('quick.apk', 1000));
    assert.equal(ok.fileSize, '1000');
  });

  test('progress events count up to the file size', async () => {
    const seen: number[] = [];
    await galaxy.upload.uploadFile(await file('progress.apk', 1_000_000), { onProgress: (p) => seen.push(p.sentBytes) });
    assert.ok(seen.length >= 2);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'monotonic');
    assert.equal(seen.at(-1), 1_000_000);
  });

  test('a 256 MiB upload keeps the process\'s RSS growth under 32 MiB (child process, sparse file)', async () => {
    const big = join(dir, 'big.apk');
    const handle = await open(big, 'w');
    await handle.truncate(256 * 1024 * 1024);
    await handle.close();
    const warmup = await file('warmup.apk', 1024 * 1024);
    const d = sandbox.demoServiceAccount;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/upload-child.ts', sandbox.galaxyUrl, sandbox.uploadUrl, d.id, d.privateKeyFile, big, warmup],
      { cwd: repoRoot, timeout: 120_000 },
    );
    const m = JSON.parse(stdout) as { growth: number; fileSize: string; baseline: number; peak: number };
    assert.equal(m.fileSize, String(256 * 1024 * 1024));
    assert.ok(m.growth < 32 * 1024 * 1024, `RSS grew by ${(m.growth / 1048576).toFixed(1)} MiB`);
    console.log(`256 MiB upload: RSS ${(m.baseline / 1048576).toFixed(1)} -> peak ${(m.peak / 1048576).toFixed(1)} MiB`);
  });
});
