/**
 * A lock shared by every instance using one Redis: `SET key owner NX PX ttl`, released only by
 * its owner; a crashed holder's lock expires after its time to live.
 */
import { randomBytes } from 'node:crypto';
import { SamsungAuthError } from '../errors.js';
import { redisCall, type RedisClient } from './redis-client.js';

/** Deletes a key only if it holds the given value (the lock's owner); shared with the try-lock. */
export const DELETE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** One holder at a time per name, across processes. */
export interface Lock {
  withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;
}

/**
 * Locks in Redis.
 *
 * @example
 * ```ts
 * const lock = new RedisLock({ client: await connectRedis('redis://127.0.0.1:6379/0'), prefix: 'app:lock:' });
 * await lock.withLock('refresh:session-a', 10_000, async () => 'only one instance runs this at a time');
 * ```
 */
export class RedisLock implements Lock {
  readonly #client: RedisClient;
  readonly #prefix: string;

  constructor(options: { client: RedisClient; prefix: string }) {
    this.#client = options.client;
    this.#prefix = options.prefix;
  }

  async withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    const key = this.#prefix + name;
    const owner = randomBytes(12).toString('base64url');
    // Wait for the lock at most a little longer than its holder may keep it.
    const deadline = Date.now() + ttlMs * 2;
    for (;;) {
      const got = await redisCall(() => this.#client.set(key, owner, 'PX', ttlMs, 'NX'));
      if (got === 'OK') break;
      if (Date.now() > deadline) {
        throw new SamsungAuthError('STORE_UNAVAILABLE', 'Timed out waiting for a lock held by another instance.', { status: 503, hint: 'Try again shortly.' });
      }
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
    try {
      return await fn();
    } finally {
      await redisCall(() => this.#client.eval(DELETE_IF_OWNER, 1, key, owner)).catch(() => undefined);
    }
  }
}

/**
 * The same in one process: callers of one name run one after another.
 *
 * @example
 * ```ts
 * const lock = new MemoryLock();
 * await lock.withLock('refresh:session-a', 10_000, async () => 'one at a time');
 * ```
 */
export class MemoryLock implements Lock {
  readonly #tails = new Map<string, Promise<unknown>>();

  withLock<T>(name: string, _ttlMs: number, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#tails.set(name, tail);
    void tail.then(() => {
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    });
    return run;
  }
}
