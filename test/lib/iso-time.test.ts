import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isoTime } from '../../src/lib/iso-time.js';

const builtin = (ms: number) => new Date(ms).toISOString();

describe('isoTime', () => {
  it('gives what Date#toISOString gives at the edges of days, months, leap years and centuries', () => {
    const edges = [
      0, -1, 1, 999, 1000, 86_399_999, 86_400_000, -86_400_000, -86_400_001,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 2, 1), Date.UTC(1900, 1, 28, 12), Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(2024, 11, 31, 23, 59, 59, 999), Date.UTC(2025, 0, 1),
      Date.UTC(1600, 0, 1), Date.UTC(1599, 11, 31, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      -62_167_219_200_000, 253_402_300_799_999, Date.UTC(2026, 11, 3, 14, 50, 10, 123),
    ];
    for (const ms of edges) assert.equal(isoTime(ms), builtin(ms), `at ${ms}`);
  });
  it('agrees with the builtin on 200,000 random times across years 0000-9999', () => {
    const span = 253_402_300_799_999 + 62_167_219_200_000;
    for (let i = 0; i < 200_000; i++) {
      const ms = Math.floor(Math.random() * span) - 62_167_219_200_000;
      const got = isoTime(ms);
      if (got !== builtin(ms)) assert.fail(`at ${ms}: ${got} vs ${builtin(ms)}`);
    }
  });
  it('falls back to the builtin outside 0000-9999 and for fractions, and throws for what is not a time', () => {
    for (const ms of [-62_167_219_200_001, 253_402_300_800_000, 8.64e15, -8.64e15, 1.5, 1e12 + 0.25]) assert.equal(isoTime(ms), builtin(ms));
    assert.equal(isoTime(-62_167_219_200_001), '-000001-12-31T23:59:59.999Z');
    for (const bad of [Number.NaN, Infinity, 8.64e15 + 1]) assert.throws(() => isoTime(bad), RangeError);
  });
});
