/**
 * Where state lives, chosen once from configuration: in this process (memory sessions, the
 * inventory file under DATA_DIR, memory rate limits) or in Redis (all of them, shared by every
 * instance). The portal and the Galaxy setup take their stores from here.
 */
import { join, resolve } from 'node:path';
import type session from 'express-session';
import type { PortalConfig } from '../config/load-config.js';
import type { Logger } from '../log.js';
import type { InventoryStore } from '../portal/inventory-types.js';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './rate-limiter.js';
import { FileInventoryStore } from './file-inventory-store.js';
import { MemorySessionStore } from './memory-session-store.js';
import { connectRedis, type RedisClient } from './redis-client.js';
import { RedisInventoryStore } from './redis-inventory-store.js';
import { RedisSessionStore } from './redis-session-store.js';
import { MemoryLock, RedisLock, type Lock } from './redis-lock.js';
import { MemoryTryLock, RedisTryLock, type TryLock } from './try-lock.js';

export const INVENTORY_FILE = 'galaxy-inventory.json';

export interface Stores {
  readonly kind: 'memory' | 'redis';
  readonly sessionStore: session.Store;
  /** Opens the token inventory (and audit trail). */
  openInventory(): Promise<{ store: InventoryStore; description: string }>;
  rateLimiter(limit: number, windowMs: number): RateLimiter;
  /** Locks shared by every instance of this store (in this process only, in memory). */
  readonly lock: Lock;
  /** Locks that turn a second holder away at once (one release action per app), shared like `lock`. */
  readonly tryLock: TryLock;
  /** True when the store answers (always, in memory). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export async function createStores(config: PortalConfig, deps: { logger?: Logger; now?: () => number } = {}): Promise<Stores> {
  if (config.session.store === 'redis' && config.redis.url) {
    const client = await connectRedis(config.redis.url, { commandTimeoutMs: config.redis.commandTimeoutMs, ...(deps.logger ? { logger: deps.logger } : {}) });
    return redisStores(client, config);
  }
  const sessionStore = new MemorySessionStore({ maxEntries: config.session.memoryMaxEntries, ...(deps.now ? { now: deps.now } : {}) });
  return {
    kind: 'memory',
    sessionStore,
    async openInventory() {
      const path = join(resolve(config.dataDir), INVENTORY_FILE);
      return { store: await FileInventoryStore.open(path), description: path };
    },
    rateLimiter: (limit, windowMs) => new MemoryRateLimiter({ limit, windowMs }),
    lock: new MemoryLock(),
    tryLock: new MemoryTryLock(),
    ready: async () => true,
    async close() {
      sessionStore.close();
    },
  };
}

function redisStores(client: RedisClient, config: PortalConfig): Stores {
  const p = config.redis.keyPrefix;
  return {
    kind: 'redis',
    sessionStore: new RedisSessionStore({ client, secrets: config.session.secrets, prefix: `${p}sess:` }),
    async openInventory() {
      return { store: new RedisInventoryStore({ client, prefix: `${p}inv:` }), description: `Redis (${p}inv:*)` };
    },
    rateLimiter: (limit, windowMs) => new RedisRateLimiter({ client, limit, windowMs, prefix: `${p}rate:` }),
    lock: new RedisLock({ client, prefix: `${p}lock:` }),
    tryLock: new RedisTryLock({ client, prefix: `${p}busy:` }),
    async ready() {
      if (client.status !== 'ready') return false;
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
