/**
 * The embedded default session store: in memory, bounded, and pruned. express-session's own
 * MemoryStore never evicts and never prunes (it says so itself), so a portal that uses it grows
 * until it falls over; this one caps the number of sessions (least recently used go first) and
 * drops expired ones on a timer and on read.
 *
 * It lives in one process: with several instances, use the Redis store.
 */
import session from 'express-session';

export interface MemorySessionStoreOptions {
  /** Most sessions kept; the least recently used is evicted beyond it. Default 100000. */
  maxEntries?: number;
  /** Lifetime of a session whose cookie has no expiry, in ms. Default 24 h. */
  defaultTtlMs?: number;
  /** How often expired sessions are swept, in ms. Default 60 s. */
  pruneIntervalMs?: number;
  now?: () => number;
}

interface Entry {
  json: string;
  expiresAt: number;
}

export class MemorySessionStore extends session.Store {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #defaultTtlMs: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;
  #evicted = 0;

  constructor(options: MemorySessionStoreOptions = {}) {
    super();
    this.#max = options.maxEntries ?? 100_000;
    this.#defaultTtlMs = options.defaultTtlMs ?? 24 * 3600 * 1000;
    this.#now = options.now ?? Date.now;
    this.#timer = setInterval(() => this.prune(), options.pruneIntervalMs ?? 60_000);
    this.#timer.unref();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const entry = this.#entries.get(sid);
    if (!entry) return callback(null, null);
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(sid);
      return callback(null, null);
    }
    let data: session.SessionData;
    try {
      data = JSON.parse(entry.json) as session.SessionData;
    } catch (err) {
      this.#entries.delete(sid);
      return callback(err);
    }
    callback(null, data);
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    this.#entries.delete(sid); // re-insert: most recently used last
    this.#entries.set(sid, { json: JSON.stringify(data), expiresAt: this.#expiry(data) });
    this.#evictOverflow();
    callback?.();
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const entry = this.#entries.get(sid);
    if (entry) {
      this.#entries.delete(sid);
      entry.expiresAt = this.#expiry(data);
      this.#entries.set(sid, entry);
    }
    callback?.();
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#entries.delete(sid);
    callback?.();
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    callback(null, this.#entries.size);
  }

  override clear(callback?: (err?: unknown) => void): void {
    this.#entries.clear();
    callback?.();
  }

  /** Sessions held now (expired ones not yet swept included). */
  get size(): number {
    return this.#entries.size;
  }

  /** Sessions evicted for room since start. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Drops every expired session now. */
  prune(): void {
    const now = this.#now();
    for (const [sid, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(sid);
  }

  /** Stops the sweep timer. */
  close(): void {
    clearInterval(this.#timer);
  }

  #expiry(data: session.SessionData): number {
    const expires = data.cookie?.expires;
    const at = expires ? new Date(expires).getTime() : NaN;
    return Number.isFinite(at) ? at : this.#now() + this.#defaultTtlMs;
  }

  #evictOverflow(): void {
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.#evicted += 1;
    }
  }
}
