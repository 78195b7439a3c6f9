import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RecencyMap } from '../../src/lib/recency-map.js';

describe('RecencyMap', () => {
  it('keeps the order a Map moved by delete-then-set keeps, through 50,000 random sets, moves, deletes, shifts and clears', () => {
    const ours = new RecencyMap<number, number>();
    const model = new Map<number, number>(); // delete-then-set: insertion order is recency order
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
    for (let step = 0; step < 50_000; step++) {
      const key = random(500);
      const op = random(100);
      if (op < 35) {
        ours.set(key, step);
        model.delete(key);
        model.set(key, step);
      } else if (op < 55) {
        const had = model.has(key);
        assert.equal(ours.moveToEnd(key), had);
        if (had) {
          const v = model.get(key)!;
          model.delete(key);
          model.set(key, v);
        }
      } else if (op < 65) assert.equal(ours.delete(key), model.delete(key));
      else if (op < 90) {
        const front = model.keys().next();
        if (!front.done) model.delete(front.value);
        assert.equal(ours.shift(), front.done ? undefined : front.value, `step ${step}`);
      } else if (op === 90 && random(50) === 0) {
        ours.clear();
        model.clear();
      } else assert.equal(ours.get(key), model.get(key));
      assert.equal(ours.size, model.size);
      if (step % 1000 === 0) assert.deepEqual([...ours.entries()], [...model.entries()], `order at step ${step}`);
    }
    assert.deepEqual([...ours.entries()], [...model.entries()]);
  });

  it('lets the entry being visited be deleted during iteration (a prune), and shifts nothing from an empty map', () => {
    const m = new RecencyMap<string, number>();
    for (let i = 0; i < 10; i++) m.set(`k${i}`, i);
    for (const [key, value] of m.entries()) if (value % 2 === 0) m.delete(key);
    assert.deepEqual([...m.entries()].map(([k]) => k), ['k1', 'k3', 'k5', 'k7', 'k9']);
    m.clear();
    assert.equal(m.shift(), undefined);
    m.set('a', 1);
    assert.equal(m.shift(), 'a');
    assert.equal(m.size, 0);
  });
});
