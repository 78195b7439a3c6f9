import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPendingLogin, takePendingLogin } from '../../src/account/login-state.js';
import type { SamsungAuthError } from '../../src/errors.js';

const opts = { ttlSeconds: 600, max: 3 };

describe('pending logins (state)', () => {
  it('10,000 states are unique and carry 256 bits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const { state } = startPendingLogin([], '/', { now: 0, ...opts });
      assert.equal(Buffer.from(state, 'base64url').length, 32);
      seen.add(state);
    }
    assert.equal(seen.size, 10_000);
  });
  it('stores only a hash of the state', () => {
    const { state, pending } = startPendingLogin([], '/a', { now: 0, ...opts });
    assert.ok(!JSON.stringify(pending).includes(state));
  });
  it('is single use, and bounded per session (oldest dropped)', () => {
    let pending = startPendingLogin([], '/1', { now: 0, ...opts }).pending;
    const states: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = startPendingLogin(pending, `/${i}`, { now: i, ...opts });
      pending = s.pending;
      states.push(s.state);
    }
    assert.equal(pending.length, 3);
    assert.throws(() => takePendingLogin(pending, states[0]!, { now: 10, ttlSeconds: 600 }), (e: unknown) => (e as SamsungAuthError).code === 'STATE_MISMATCH');
    const taken = takePendingLogin(pending, states[3]!, { now: 10, ttlSeconds: 600 });
    assert.equal(taken.login.returnTo, '/3');
    assert.throws(() => takePendingLogin(taken.pending, states[3]!, { now: 10, ttlSeconds: 600 }), (e: unknown) => (e as SamsungAuthError).code === 'STATE_MISMATCH');
  });
  it('expires after the time to live', () => {
    const { state, pending } = startPendingLogin([], '/', { now: 0, ...opts });
    assert.throws(() => takePendingLogin(pending, state, { now: 600_000, ttlSeconds: 600 }), (e: unknown) => (e as SamsungAuthError).code === 'STATE_EXPIRED');
    assert.equal(takePendingLogin(pending, state, { now: 599_999, ttlSeconds: 600 }).login.returnTo, '/');
  });
});
