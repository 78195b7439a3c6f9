/**
 * The Redis connection, set up to fail fast: no offline queue (node-redis and ioredis queue
 * commands while disconnected by default, so a Redis outage freezes every request), a command
 * timeout, no per-command retries, and reconnection in the background so the portal recovers by
 * itself when Redis returns. Errors are logged on state changes only, never thrown at the process.
 */
import { Redis } from 'ioredis';
import { SamsungAuthError, storeUnavailable } from '../errors.js';
import type { Logger } from '../log.js';

/** An ioredis client, as {@link connectRedis} returns it. */
export type RedisClient = Redis;

/** Options of {@link connectRedis}. */
export interface RedisClientOptions {
  /** Per-command time budget, in ms. Default 500. */
  commandTimeoutMs?: number;
  /** How long start-up waits for the first connection, in ms. Default 5000. */
  connectTimeoutMs?: number;
  logger?: Logger;
}

/**
 * Connects to Redis set up to fail fast (no offline queue, a command timeout, reconnection in the
 * background) and waits until it is ready.
 *
 * @throws {@link SamsungAuthError} `STORE_UNAVAILABLE` when Redis cannot be reached in time.
 * @example
 * ```ts
 * const client = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { commandTimeoutMs: 500 });
 * ```
 */
export async function connectRedis(url: string, options: RedisClientOptions = {}): Promise<RedisClient> {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? 500,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 1000),
    lazyConnect: true,
  });
  let healthy = true;
  client.on('error', (err: Error) => {
    if (healthy) options.logger?.error({ event: 'redis_error', message: err.message.slice(0, 200) }, 'Redis connection failed; retrying in the background');
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) options.logger?.info({ event: 'redis_ready' }, 'Redis connection is back');
    healthy = true;
  });
  const timeout = options.connectTimeoutMs ?? 5000;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout).unref()),
    ]);
  } catch (err) {
    client.disconnect();
    throw new SamsungAuthError('STORE_UNAVAILABLE', `Redis at ${redactRedisUrl(url)} could not be reached (${(err as Error).message.slice(0, 120)}).`, {
      status: 503,
      hint: 'Start Redis, or check SESSION_STORE.',
    });
  }
  return client;
}

/** A Redis URL for messages: the password is never shown. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}


/** Runs a Redis command, turning any failure into {@link storeUnavailable}. */
export async function redisCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw storeUnavailable(err);
  }
}
