/**
 * The embedded default session store: in memory, bounded, and pruned. express-session's own
 * MemoryStore never evicts and never prunes (it says so itself), so a portal that uses it grows
 * until it falls over; this one caps the number of sessions (least recently used go first, and
 * anonymous sessions in a budget of their own, so they never push out a signed-in one) and drops
 * expired ones on a timer and on read.
 *
 * It lives in one process: with several instances, use the Redis store.
 */
import session from 'express-session';
import { cookieExpiryMs } from './cookie-expiry.js';
import { RecencyMap } from '../lib/recency-map.js';

/** Options of {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** Most signed-in sessions kept; the least recently used (to {@link LRU_RESOLUTION_MS}) is evicted beyond it. Default 100000. */
  maxEntries?: number;
  /**
   * Most sessions of visitors not signed in (pending logins) kept, in a budget of their own: a
   * flood of anonymous logins evicts other anonymous sessions, never a signed-in one. Default 20000.
   */
  maxAnonymousEntries?: number;
  /** Which sessions are signed in. Default: those holding a Samsung user. */
  isSignedIn?: (data: session.SessionData) => boolean;
  /** Lifetime of a session whose cookie has no expiry, in ms. Default 24 h. */
  defaultTtlMs?: number;
  /** How often expired sessions are swept, in ms. Default 60 s. */
  pruneIntervalMs?: number;
  now?: () => number;
}

/**
 * How stale a session's place in the least-recently-used order may get: a touch moves a session
 * to the most recent end only when it was last moved longer ago (a session read many times a
 * second costs one reorder, not one per request), so eviction order is exact to this much.
 */
export const LRU_RESOLUTION_MS = 1000;

/** Default {@link MemorySessionStoreOptions.maxAnonymousEntries}. */
export const DEFAULT_MAX_ANONYMOUS_ENTRIES = 20_000;

interface Entry {
  json: string;
  expiresAt: number;
  /** When it was last put at the most recent end. */
  movedAt: number;
  /** 0 signed in, 1 anonymous. */
  tier: 0 | 1;
}

/**
 * The default express-session store: in memory, bounded (least recently used evicted; anonymous
 * sessions in a budget of their own), expired sessions pruned. One process only: with several
 * instances, use {@link RedisSessionStore}.
 *
 * @example
 * ```ts
 * const store = new MemorySessionStore({ maxEntries: 10_000 });
 * app.use(createSessionMiddleware({ secrets: [process.env.SESSION_SECRET!], baseUrl: 'https://portal.example.com', store }));
 * ```
 */
export class MemorySessionStore extends session.Store {
  /** Signed-in sessions, then anonymous ones; each in least-recently-used order. */
  readonly #tiers = [new RecencyMap<string, Entry>(), new RecencyMap<string, Entry>()] as const;
  readonly #max: readonly [number, number];
  readonly #isSignedIn: (data: session.SessionData) => boolean;
  readonly #defaultTtlMs: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;
  #evicted = 0;

  constructor(options: MemorySessionStoreOptions = {}) {
    super();
    this.#max = [options.maxEntries ?? 100_000, options.maxAnonymousEntries ?? DEFAULT_MAX_ANONYMOUS_ENTRIES];
    this.#isSignedIn = options.isSignedIn ?? ((data) => Boolean((data as { samsungAuth?: { user?: unknown } }).samsungAuth?.user));
    this.#defaultTtlMs = options.defaultTtlMs ?? 24 * 3600 * 1000;
    this.#now = options.now ?? Date.now;
    this.#timer = setInterval(() => this.prune(), options.pruneIntervalMs ?? 60_000);
    this.#timer.unref();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const entry = this.#find(sid);
    if (!entry) return callback(null, null);
    if (entry.expiresAt <= this.#now()) {
      this.#remove(sid);
      return callback(null, null);
    }
    let data: session.SessionData;
    try {
      data = JSON.parse(entry.json) as session.SessionData;
    } catch (err) {
      this.#remove(sid);
      return callback(err);
    }
    callback(null, data);
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    this.#remove(sid); // re-insert: most recently used last, in the tier it now belongs to
    const tier = this.#isSignedIn(data) ? 0 : 1;
    this.#tiers[tier].set(sid, { json: JSON.stringify(data), expiresAt: this.#expiry(data), movedAt: this.#now(), tier });
    this.#evictOverflow(tier);
    callback?.();
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const entry = this.#find(sid);
    if (entry) {
      entry.expiresAt = this.#expiry(data);
      const now = this.#now();
      // (A clock set back must not freeze the order until it catches up.)
      if (now - entry.movedAt >= LRU_RESOLUTION_MS || now < entry.movedAt) {
        entry.movedAt = now;
        this.#tiers[entry.tier].moveToEnd(sid);
      }
    }
    callback?.();
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#remove(sid);
    callback?.();
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    callback(null, this.size);
  }

  override clear(callback?: (err?: unknown) => void): void {
    for (const tier of this.#tiers) tier.clear();
    callback?.();
  }

  /** Sessions held now (expired ones not yet swept included). */
  get size(): number {
    return this.#tiers[0].size + this.#tiers[1].size;
  }

  /** Sessions evicted for room since start. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Drops every expired session now. */
  prune(): void {
    const now = this.#now();
    for (const tier of this.#tiers) for (const [sid, entry] of tier.entries()) if (entry.expiresAt <= now) tier.delete(sid);
  }

  /** Stops the sweep timer. */
  close(): void {
    clearInterval(this.#timer);
  }

  #expiry(data: session.SessionData): number {
    const at = cookieExpiryMs(data);
    return Number.isFinite(at) ? at : this.#now() + this.#defaultTtlMs;
  }

  #find(sid: string): Entry | undefined {
    return this.#tiers[0].get(sid) ?? this.#tiers[1].get(sid);
  }

  #remove(sid: string): void {
    this.#tiers[0].delete(sid);
    this.#tiers[1].delete(sid);
  }

  #evictOverflow(tier: 0 | 1): void {
    const entries = this.#tiers[tier];
    while (entries.size > this.#max[tier] && entries.shift() !== undefined) this.#evicted += 1;
  }
}
