/**
 * A lock that does not wait: the first caller holds it, the others are told at once who holds it
 * (the portal answers them 409 with what is under way). In Redis it is shared by every instance
 * (`SET key holder NX PX ttl`, released only by its owner). While the holder runs, its lock is
 * renewed every third of `ttl` (only while it still owns it), so a long upload keeps it and a
 * crashed holder's lock expires within `ttl`.
 */
import { randomBytes } from 'node:crypto';
import { redisCall, type RedisClient } from './redis-client.js';
import { DELETE_IF_OWNER } from './redis-lock.js';

/** Who holds a lock, and since when: shown to whoever is turned away. */
export interface LockHolder {
  userId: string;
  action: string;
  since: string;
}

/** Runs `fn` when the lock is free; otherwise answers who holds it, without running `fn`. */
export interface TryLock {
  tryRun<T>(name: string, holder: LockHolder, ttlMs: number, fn: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false; holder: LockHolder | undefined }>;
}

const RENEW_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/** In one process. */
export class MemoryTryLock implements TryLock {
  readonly #held = new Map<string, LockHolder>();

  async tryRun<T>(name: string, holder: LockHolder, _ttlMs: number, fn: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false; holder: LockHolder | undefined }> {
    const current = this.#held.get(name);
    if (current) return { ran: false, holder: current };
    this.#held.set(name, holder);
    try {
      return { ran: true, result: await fn() };
    } finally {
      this.#held.delete(name);
    }
  }
}

/** Across instances, in Redis. */
export class RedisTryLock implements TryLock {
  readonly #client: RedisClient;
  readonly #prefix: string;

  constructor(options: { client: RedisClient; prefix: string }) {
    this.#client = options.client;
    this.#prefix = options.prefix;
  }

  async tryRun<T>(name: string, holder: LockHolder, ttlMs: number, fn: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false; holder: LockHolder | undefined }> {
    const key = this.#prefix + name;
    const value = JSON.stringify({ owner: randomBytes(12).toString('base64url'), ...holder });
    const got = await redisCall(() => this.#client.set(key, value, 'PX', ttlMs, 'NX'));
    if (got !== 'OK') {
      const held = await redisCall(() => this.#client.get(key));
      return { ran: false, holder: held ? readHolder(held) : undefined };
    }
    const renew = setInterval(() => {
      void redisCall(() => this.#client.eval(RENEW_IF_OWNER, 1, key, value, String(ttlMs))).catch(() => undefined);
    }, Math.max(100, Math.floor(ttlMs / 3)));
    renew.unref();
    try {
      return { ran: true, result: await fn() };
    } finally {
      clearInterval(renew);
      await redisCall(() => this.#client.eval(DELETE_IF_OWNER, 1, key, value)).catch(() => undefined);
    }
  }
}

function readHolder(json: string): LockHolder | undefined {
  try {
    const v = JSON.parse(json) as Partial<LockHolder>;
    return typeof v.userId === 'string' && typeof v.action === 'string' && typeof v.since === 'string' ? { userId: v.userId, action: v.action, since: v.since } : undefined;
  } catch {
    return undefined;
  }
}
