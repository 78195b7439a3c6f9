import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryRateLimiter } from '../../src/stores/rate-limiter.js';

describe('MemoryRateLimiter', () => {
  it('limits each key per fixed window and lets it in again when the window ends', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ limit: 2, windowMs: 1000, now: () => now });
    assert.deepEqual(await limiter.hit('a'), { allowed: true, retryAfterSeconds: 0 });
    assert.equal((await limiter.hit('a')).allowed, true);
    now = 400;
    assert.deepEqual(await limiter.hit('a'), { allowed: false, retryAfterSeconds: 1 });
    assert.equal((await limiter.hit('b')).allowed, true, 'another key has its own window');
    now = 1000;
    assert.equal((await limiter.hit('a')).allowed, true, 'a new window');
  });

  it('holds at most maxKeys windows under a flood of new keys, evicting the oldest first, and still limits the recent ones', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 1000, now: () => now });
    await limiter.hit('steady');
    for (let i = 0; i < 50_000; i++) {
      now += 1;
      await limiter.hit(`flood${i}`);
      if (i === 998) assert.equal((await limiter.hit('steady')).allowed, false, 'steady is limited while fewer than maxKeys keys are newer');
      if (i % 500 === 0 && i >= 1000) assert.equal((await limiter.hit(`flood${i - 900}`)).allowed, false, `a recent key is still limited after ${i}`);
    }
    assert.equal(limiter.size, 1000);
    assert.equal((await limiter.hit('flood49999')).allowed, false, 'the newest window is kept');
    assert.equal((await limiter.hit('flood0')).allowed, true, 'the oldest went');
  });
});
