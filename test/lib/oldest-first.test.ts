import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OldestFirst } from '../../src/lib/oldest-first.js';

describe('OldestFirst', () => {
  it('evicts exactly what the front of the map is, through 50,000 random sets, moves, deletes, clears and evictions', () => {
    const map = new Map<number, number>();
    const oldest = new OldestFirst(map);
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
    for (let step = 0; step < 50_000; step++) {
      const key = random(3000);
      const op = random(100);
      if (op < 45) map.set(key, step);
      else if (op < 70) {
        // a move to the most recent end, as a touched session or a new window
        map.delete(key);
        map.set(key, step);
      } else if (op < 80) map.delete(key);
      else if (op === 80 && random(20) === 0) map.clear();
      else {
        const front = map.keys().next();
        const size = map.size;
        assert.equal(oldest.shift(), front.done ? undefined : front.value, `step ${step}`);
        assert.equal(map.size, front.done ? 0 : size - 1);
      }
    }
  });
  it('is undefined on an empty map, and picks up entries added after it ran dry', () => {
    const map = new Map<string, true>();
    const oldest = new OldestFirst(map);
    assert.equal(oldest.shift(), undefined);
    map.set('a', true).set('b', true);
    assert.equal(oldest.shift(), 'a');
    assert.equal(oldest.shift(), 'b');
    assert.equal(oldest.shift(), undefined);
    map.set('c', true);
    assert.equal(oldest.shift(), 'c');
  });
});
