import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenCipher } from '../../src/galaxy/token-cipher.js';
import { ConfigError } from '../../src/errors.js';

const k1 = TokenCipher.generateKey();
const k2 = TokenCipher.generateKey();

describe('TokenCipher (AES-256-GCM, key ids)', () => {
  test('round trip; random iv, so sealing twice differs; the plaintext is not in the output', () => {
    const c = new TokenCipher({ keys: { k1 }, currentKeyId: 'k1' });
    const a = c.seal('0BjE0TJEvuOXLAzJvcAeSBHN', 'ctx');
    const b = c.seal('0BjE0TJEvuOXLAzJvcAeSBHN', 'ctx');
    assert.notEqual(a, b);
    assert.ok(!a.includes('0BjE0TJEvuOXLAzJvcAeSBHN'));
    assert.equal(c.open(a, 'ctx'), '0BjE0TJEvuOXLAzJvcAeSBHN');
    assert.match(a, /^v1\.k1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
  });

  test('the context is bound: a value moved to another entry does not open', () => {
    const c = new TokenCipher({ keys: { k1 }, currentKeyId: 'k1' });
    assert.throws(() => c.open(c.seal('secret', 'a'), 'b'), { code: 'TOKEN_STORE_CORRUPT' });
  });

  test('tampering with any part is detected', () => {
    const c = new TokenCipher({ keys: { k1 }, currentKeyId: 'k1' });
    const sealed = c.seal('secret');
    const parts = sealed.split('.');
    for (const i of [2, 3, 4]) {
      const p = [...parts];
      const s = p[i] ?? '';
      p[i] = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      assert.throws(() => c.open(p.join('.')), { code: 'TOKEN_STORE_CORRUPT' });
    }
    assert.throws(() => c.open('garbage'), { code: 'TOKEN_STORE_CORRUPT' });
  });

  test('a truncated authentication tag is refused (GCM would accept a short one)', () => {
    const cipher = new TokenCipher({ keys: { k1: TokenCipher.generateKey() }, currentKeyId: 'k1' });
    const parts = cipher.seal('secret', 'ctx').split('.');
    parts[4] = Buffer.from(parts[4]!, 'base64url').subarray(0, 4).toString('base64url');
    assert.throws(() => cipher.open(parts.join('.'), 'ctx'), (e: unknown) => (e as { code?: string }).code === 'TOKEN_STORE_CORRUPT');
  });

  test('rotation: old values open while the old key is listed; isStale tells which to re-seal', () => {
    const old = new TokenCipher({ keys: { k1 }, currentKeyId: 'k1' });
    const sealed = old.seal('secret');
    const rotated = TokenCipher.fromKeyList(`k2:${k2.toString('base64')},k1:${k1.toString('base64url')}`);
    assert.equal(rotated.currentKeyId, 'k2');
    assert.equal(rotated.open(sealed), 'secret');
    assert.ok(rotated.isStale(sealed));
    assert.ok(!rotated.isStale(rotated.seal('x')));
    const dropped = new TokenCipher({ keys: { k2 }, currentKeyId: 'k2' });
    assert.throws(() => dropped.open(sealed), (e: unknown) => (e as Error).message.includes('no longer configured'));
  });

  test('bad configuration lists every problem, without the key bytes', () => {
    const short = Buffer.alloc(16, 7);
    assert.throws(
      () => new TokenCipher({ keys: { 'bad id!': k1, k2: short }, currentKeyId: 'k9' }),
      (e: unknown) => e instanceof ConfigError && e.problems.length === 3 && !e.message.includes(short.toString('base64')),
    );
  });

  test('a key id listed twice is refused at once (it would silently keep one of the two keys)', () => {
    const a = TokenCipher.generateKey().toString('base64');
    const b = TokenCipher.generateKey().toString('base64');
    assert.throws(() => TokenCipher.fromKeyList(`k1:${a},k1:${b}`), (err: unknown) => err instanceof ConfigError && /"k1" is listed twice/.test(err.message));
    assert.throws(() => TokenCipher.fromKeyList(`k1:${a},k2:${b},k1:${a}`), ConfigError);
    assert.equal(TokenCipher.fromKeyList(`k1:${a},k2:${b}`).currentKeyId, 'k1');
  });
});
