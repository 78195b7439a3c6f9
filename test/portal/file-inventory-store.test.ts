import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileInventoryStore } from '../../src/stores/file-inventory-store.js';
import type { TokenRecord } from '../../src/portal/inventory-types.js';
import { SamsungAuthError } from '../../src/errors.js';

const dir = () => mkdtempSync(join(tmpdir(), 'sak-inv-'));
const record = (fingerprint: string, accountId = 'acct'): TokenRecord => ({
  fingerprint, accountId, scopes: ['publishing'], createdAt: new Date().toISOString(), createdBy: 'u1', sealedToken: 'v1.k.x.y.z', current: true,
});

describe('FileInventoryStore', () => {
  it('survives a restart: tokens, current flags, revocations, audit, key check', async () => {
    const path = join(dir(), 'inventory.json');
    const a = await FileInventoryStore.open(path);
    await a.setKeyCheck('check');
    await a.addCurrentToken(record('f1'));
    await a.addCurrentToken(record('f2'));
    await a.addCurrentToken(record('g1', 'other'));
    await a.markRevoked('acct', 'f1', 'u2', '2026-01-01T00:00:00.000Z');
    await a.appendAudit({ at: 't', userId: 'u1', accountId: 'acct', action: 'token.mint', outcome: 'ok', fingerprint: 'f2' });
    await a.close();
    assert.equal(statSync(path).mode & 0o777, 0o600, 'the store file is private');

    const b = await FileInventoryStore.open(path);
    assert.equal(await b.getKeyCheck(), 'check');
    const tokens = await b.tokens('acct');
    assert.deepEqual(tokens.map((t) => [t.fingerprint, t.current, t.revokedBy]), [["f1", false, "u2"], ["f2", true, undefined]]);
    assert.equal((await b.tokens('other'))[0]!.current, true, 'current is per account');
    assert.deepEqual((await b.recentAudit(['acct'], 10)).map((e) => e.action), ['token.mint']);
    assert.deepEqual(await b.recentAudit(['other'], 10), []);
  });

  it('serialises concurrent changes without losing any', async () => {
    const path = join(dir(), 'inventory.json');
    const a = await FileInventoryStore.open(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => a.appendAudit({ at: String(i), userId: 'u', accountId: 'acct', action: 'token.check', outcome: 'ok' })));
    const b = await FileInventoryStore.open(path);
    assert.equal((await b.recentAudit(['acct'], 100)).length, 50);
  });

  it('keeps the audit trail bounded', async () => {
    const a = await FileInventoryStore.open(join(dir(), 'i.json'), { maxAuditEvents: 5 });
    for (let i = 0; i < 8; i++) await a.appendAudit({ at: String(i), userId: 'u', accountId: 'acct', action: 'token.check', outcome: 'ok' });
    assert.deepEqual((await a.recentAudit(['acct'], 10)).map((e) => e.at), ['7', '6', '5', '4', '3']);
  });

  it('refuses a damaged file with a clear error instead of starting empty', async () => {
    const path = join(dir(), 'inventory.json');
    writeFileSync(path, '{"version":1,"tokens":[', { mode: 0o600 });
    await assert.rejects(FileInventoryStore.open(path), (e: unknown) => e instanceof SamsungAuthError && e.code === 'TOKEN_STORE_CORRUPT' && !e.message.includes('{"version"'));
  });

  it('a process killed in the middle of writing leaves a readable store with every acknowledged entry', async () => {
    const folder = dir();
    const path = join(folder, 'inventory.json');
    const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'test/helpers/inventory-writer.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acked = -1;
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const l of lines) acked = Number(l.split(' ')[1]);
        if (acked >= 150) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('close', r));
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { audit: { detail: string }[] };
    assert.ok(doc.audit.length >= acked + 1, `all ${acked + 1} acknowledged events are there (found ${doc.audit.length})`);
    const reopened = await FileInventoryStore.open(path);
    assert.ok((await reopened.recentAudit(['a'], 1000)).length >= acked + 1);
    assert.ok(readdirSync(folder).every((n) => n === 'inventory.json' || n.endsWith('.tmp')), 'only the store and at most a stray temp file');
  });
});
