import { RecencyMap } from '../../lib/recency-map.js';

/**
 * A map whose entries expire and whose size is capped (oldest evicted first), so that a flood
 * of sign-in requests cannot grow the sandbox's memory without bound.
 */
export class BoundedTtlMap<V> {
  readonly #entries = new RecencyMap<string, { value: V; expiresAt: number }>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(max: number, now: () => number = Date.now) {
    this.#max = max;
    this.#now = now;
  }

  set(key: string, value: V, ttlSeconds: number): void {
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlSeconds * 1000 });
    while (this.#entries.size > this.#max && this.#entries.shift() !== undefined);
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Gets and removes (single use). */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.#entries.delete(key);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
