import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomToken } from '../../src/lib/random-token.js';

describe('randomToken', () => {
  it('gives the asked number of bytes, base64url, never twice, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const token = randomToken(32);
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
      seen.add(token);
    }
    assert.equal(seen.size, 5000, 'all distinct (5000 x 32 bytes spans ~40 pool refills)');
    assert.equal(Buffer.from(randomToken(24), 'base64url').length, 24);
  });
  it('refuses sizes it cannot serve', () => {
    for (const bad of [0, -1, 257, 1.5]) assert.throws(() => randomToken(bad), RangeError);
  });
});
