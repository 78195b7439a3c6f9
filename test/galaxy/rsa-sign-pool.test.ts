import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { RsaSignPool } from '../../src/galaxy/lib/rsa-sign-pool.js';
import { SamsungAuthError } from '../../src/errors.js';
import { rsaKey } from '../helpers/galaxy-keys.js';

const key = rsaKey();
const isSignFailed = (err: unknown) => err instanceof SamsungAuthError && err.code === 'JWT_SIGN_FAILED' && err.status === 500;

/** Niceness of every thread of this process, main thread first (Linux /proc). */
function threadNiceness(): { main: number; others: number[] } {
  const read = (tid: string) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const tids = readdirSync('/proc/self/task');
  return { main: read(String(process.pid)), others: tids.filter((t) => t !== String(process.pid)).map(read) };
}

describe('RsaSignPool (the signing threads behind createGalaxyJwtAsync)', () => {
  test('every signature equals node:crypto RS256 on the calling thread; never more threads than its size', async () => {
    const pool = new RsaSignPool({ size: 2 });
    try {
      const inputs = Array.from({ length: 24 }, (_, i) => `header.payload-${i}`);
      const signatures = await Promise.all(inputs.map((input) => pool.sign(input, key.privateKey)));
      signatures.forEach((signature, i) => {
        assert.equal(signature, sign('sha256', Buffer.from(inputs[i]!), key.privateKey).toString('base64url'));
      });
      assert.equal(pool.threads, 2);
    } finally {
      await pool.close();
    }
  });

  test('more keys than a thread keeps parsed: keys pushed out are sent again, every signature right', async () => {
    const keys = Array.from({ length: 20 }, () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
    const pool = new RsaSignPool({ size: 1 });
    try {
      const order = [...keys, ...keys.slice(0, 5), ...keys.slice().reverse(), keys[7]!, keys[7]!];
      const signatures = await Promise.all(order.map((k, i) => pool.sign(`in.${i}`, k)));
      signatures.forEach((signature, i) => {
        assert.equal(signature, sign('sha256', Buffer.from(`in.${i}`), order[i]!).toString('base64url'), `signature ${i}`);
      });
    } finally {
      await pool.close();
    }
  });

  test('on Linux the signing threads run below the event loop (nice +10), the main thread untouched', { skip: process.platform !== 'linux' }, async () => {
    const before = threadNiceness();
    const pool = new RsaSignPool({ size: 2 });
    try {
      await Promise.all(Array.from({ length: 8 }, (_, i) => pool.sign(`x.${i}`, key.privateKey)));
      const after = threadNiceness();
      assert.equal(after.main, before.main);
      assert.equal(after.others.filter((n) => n === 10).length - before.others.filter((n) => n === 10).length, 2);
    } finally {
      await pool.close();
    }
  });

  test('a signature node:crypto refuses (a public key) rejects with JWT_SIGN_FAILED; the pool keeps working', async () => {
    const pool = new RsaSignPool({ size: 1 });
    try {
      await assert.rejects(pool.sign('a.b', key.publicKey), isSignFailed);
      assert.equal(await pool.sign('a.b', key.privateKey), sign('sha256', Buffer.from('a.b'), key.privateKey).toString('base64url'));
    } finally {
      await pool.close();
    }
  });

  test('threads stopped mid-signature fail only the pending calls (JWT_SIGN_FAILED); the next call starts new ones', async () => {
    const pool = new RsaSignPool({ size: 2 });
    const pending = Promise.allSettled(Array.from({ length: 6 }, (_, i) => pool.sign(`p.${i}`, key.privateKey)));
    await pool.close();
    for (const outcome of await pending) {
      assert.equal(outcome.status, 'rejected');
      assert.ok(isSignFailed(outcome.reason));
    }
    assert.equal(pool.threads, 0);
    assert.equal(await pool.sign('c.d', key.privateKey), sign('sha256', Buffer.from('c.d'), key.privateKey).toString('base64url'));
    await pool.close();
  });

  test('idle threads stop on their own and start again on demand', async () => {
    const pool = new RsaSignPool({ size: 1, idleMs: 20 });
    try {
      await pool.sign('e.f', key.privateKey);
      assert.equal(pool.threads, 1);
      const deadline = Date.now() + 5000;
      while (pool.threads > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(pool.threads, 0);
      assert.equal(await pool.sign('g.h', key.privateKey), sign('sha256', Buffer.from('g.h'), key.privateKey).toString('base64url'));
    } finally {
      await pool.close();
    }
  });

  test('a script awaiting one async mint gets its JWT, and then exits without waiting for idle threads', async () => {
    const script = [
      "import { generateKeyPairSync } from 'node:crypto';",
      `import { createGalaxyJwtAsync } from ${JSON.stringify(fileURLToPath(new URL('../../src/galaxy/create-jwt.ts', import.meta.url)))};`,
      "const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });",
      "const jwt = await createGalaxyJwtAsync({ serviceAccountId: 'sa', scopes: 'gss', privateKey });",
      'console.log(jwt.split(".").length);',
    ].join('\n');
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
    assert.equal(stdout.trim(), '3');
    // The pool's idle timer is 30 s: a process that waited for it would have been killed above.
    assert.ok(Date.now() - started < 20_000);
  });
});
