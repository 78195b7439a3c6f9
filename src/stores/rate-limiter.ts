/**
 * Per-key rate limits (fixed windows). Keys are user ids (Galaxy and release actions) or, for
 * sign-in attempts, the client address as Express's `trust proxy` gives it. The memory limiter
 * is bounded: beyond `maxKeys` the oldest window goes (windows past their end first), and an
 * expired window is replaced when its key comes back.
 */
import { redisCall, type RedisClient } from './redis-client.js';
import { RecencyMap } from '../lib/recency-map.js';

/** The answer of {@link RateLimiter.hit}. */
export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After), when not allowed. */
  retryAfterSeconds: number;
}

/** Counts hits per key in fixed windows (memory or Redis). */
export interface RateLimiter {
  hit(key: string): Promise<RateLimitVerdict>;
}

/** Options of {@link MemoryRateLimiter}. */
export interface MemoryRateLimiterOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}

/**
 * Fixed windows in this process's memory, bounded.
 *
 * @example
 * ```ts
 * const limiter = new MemoryRateLimiter({ limit: 60, windowMs: 60_000 });
 * const verdict = await limiter.hit('signin|login|203.0.113.7');
 * if (!verdict.allowed) console.log(`retry in ${verdict.retryAfterSeconds} s`);
 * ```
 */
export class MemoryRateLimiter implements RateLimiter {
  /** Oldest window first: a new window is put last. */
  readonly #windows = new RecencyMap<string, { start: number; count: number }>();
  readonly #options: Required<Omit<MemoryRateLimiterOptions, 'now'>> & { now: () => number };

  constructor(options: MemoryRateLimiterOptions) {
    this.#options = { maxKeys: 100_000, now: Date.now, ...options };
  }

  async hit(key: string): Promise<RateLimitVerdict> {
    const { limit, windowMs, maxKeys, now } = this.#options;
    const t = now();
    let w = this.#windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      this.#windows.set(key, w);
      if (this.#windows.size > maxKeys) this.#sweep();
    }
    w.count += 1;
    if (w.count <= limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
  }

  get size(): number {
    return this.#windows.size;
  }

  // A new window is put last, so the map runs oldest window first: the ones past their end are
  // at the front (unless the clock was set back), and evicting the oldest evicts them first. (It
  // used to scan the whole map for them on every new key beyond maxKeys: a flood of new addresses
  // cost a pass over 100,000 windows a request.)
  #sweep(): void {
    while (this.#windows.size > this.#options.maxKeys && this.#windows.shift() !== undefined);
  }
}

/**
 * The same fixed windows in Redis, shared by every instance.
 *
 * @example
 * ```ts
 * const client = await connectRedis('redis://127.0.0.1:6379/0');
 * const limiter = new RedisRateLimiter({ client, limit: 60, windowMs: 60_000 }); // e.g. samsungAuth's signInRateLimiter
 * console.log((await limiter.hit('signin|login|203.0.113.7')).allowed);
 * ```
 */
export class RedisRateLimiter implements RateLimiter {
  static readonly #SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

  readonly #client: RedisClient;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #prefix: string;

  constructor(options: { client: RedisClient; limit: number; windowMs: number; prefix?: string }) {
    this.#client = options.client;
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#prefix = options.prefix ?? 'sak:rate:';
  }

  async hit(key: string): Promise<RateLimitVerdict> {
    const [count, pttl] = (await redisCall(() => this.#client.eval(RedisRateLimiter.#SCRIPT, 1, this.#prefix + key, this.#windowMs))) as [number, number];
    if (count <= this.#limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(pttl / 1000)) };
  }
}
