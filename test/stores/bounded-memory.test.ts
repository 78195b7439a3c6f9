/**
 * The bounded stores stay bounded in memory, not only in entries: 300,000 operations on 1,000
 * keys that never evict must not leave garbage that cannot be collected. (An eviction cursor
 * kept as a Map iterator did: V8 keeps every table a Map was rebuilt into alive for an iterator
 * that has not moved, 23-35 MB here.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { SessionData } from 'express-session';
import { MemorySessionStore, LRU_RESOLUTION_MS } from '../../src/stores/memory-session-store.js';
import { MemoryRateLimiter } from '../../src/stores/rate-limiter.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const MiB = 1024 * 1024;

describe('bounded stores in memory', () => {
  it('MemorySessionStore: 300,000 touches of 1,000 sessions leave under 4 MiB behind', () => {
    let now = 0;
    const store = new MemorySessionStore({ maxEntries: 10_000, now: () => now });
    try {
      const data = { cookie: { originalMaxAge: 1000, expires: new Date(1e12) }, samsungAuth: { user: { id: 'u' } } } as unknown as SessionData;
      for (let i = 0; i < 1000; i++) store.set(`s${i}`, data);
      const before = heapAfterGc();
      for (let i = 0; i < 300_000; i++) {
        now += LRU_RESOLUTION_MS; // every touch moves its session
        store.touch(`s${i % 1000}`, data);
      }
      const grown = heapAfterGc() - before;
      assert.equal(store.size, 1000);
      assert.ok(grown < 4 * MiB, `heap grew ${(grown / MiB).toFixed(1)} MiB`);
    } finally {
      store.close();
    }
  });

  it('MemoryRateLimiter: 300,000 hits over 1,000 keys and many windows leave under 4 MiB behind', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ limit: 10, windowMs: 1000, maxKeys: 10_000, now: () => now });
    for (let i = 0; i < 1000; i++) await limiter.hit(`k${i}`);
    const before = heapAfterGc();
    for (let i = 0; i < 300_000; i++) {
      now += 7; // a new window for each key every so often
      await limiter.hit(`k${i % 1000}`);
    }
    const grown = heapAfterGc() - before;
    assert.equal(limiter.size, 1000);
    assert.ok(grown < 4 * MiB, `heap grew ${(grown / MiB).toFixed(1)} MiB`);
  });
});
