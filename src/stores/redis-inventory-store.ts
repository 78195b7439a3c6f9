/**
 * The token inventory and audit trail in Redis, shared by every instance. Records are JSON
 * (tokens sealed, as in the file store); each account has a hash of its tokens, a pointer to its
 * current token, and a capped audit list. Changes that read and write are Lua scripts, so two
 * instances never interleave them. Durability is Redis's: run it with `appendonly yes`.
 */
import type { AuditEvent, InventoryStore, TokenRecord } from '../portal/inventory-types.js';
import { redisCall, type RedisClient } from './redis-client.js';
import { RedisLock } from './redis-lock.js';

export interface RedisInventoryStoreOptions {
  client: RedisClient;
  /** Key prefix. Default `sak:inv:`. */
  prefix?: string;
  /** Audit events kept per account. Default 10000. */
  maxAuditEvents?: number;
}

/** Sets revokedAt/revokedBy once (the first revocation wins); returns the record. */
const MARK_REVOKED = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
local r = cjson.decode(v)
if not r.revokedAt then
  r.revokedAt = ARGV[2]
  r.revokedBy = ARGV[3]
  v = cjson.encode(r)
  redis.call('HSET', KEYS[1], ARGV[1], v)
end
return v`;

/** Replaces a record's sealed token. */
const RESEAL = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 0 end
local r = cjson.decode(v)
r.sealedToken = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(r))
return 1`;

/** Deletes a key only if it holds the given value (the lock's owner, the current fingerprint). */
const DELETE_IF = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisInventoryStore implements InventoryStore {
  readonly #client: RedisClient;
  readonly #p: string;
  readonly #maxAudit: number;
  readonly #lock: RedisLock;

  constructor(options: RedisInventoryStoreOptions) {
    this.#client = options.client;
    this.#p = options.prefix ?? 'sak:inv:';
    this.#maxAudit = options.maxAuditEvents ?? 10_000;
    this.#lock = new RedisLock({ client: options.client, prefix: `${this.#p}lock:` });
  }

  async getKeyCheck(): Promise<string | undefined> {
    return (await redisCall(() => this.#client.get(`${this.#p}keycheck`))) ?? undefined;
  }

  async setKeyCheck(sealed: string): Promise<void> {
    await redisCall(() => this.#client.set(`${this.#p}keycheck`, sealed));
  }

  async tokens(accountId: string): Promise<TokenRecord[]> {
    const [all, current] = await redisCall(() =>
      Promise.all([this.#client.hgetall(this.#tokensKey(accountId)), this.#client.get(this.#currentKey(accountId))]),
    );
    return Object.entries(all)
      .map(([fingerprint, json]) => ({ ...(JSON.parse(json) as TokenRecord), current: fingerprint === current }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.fingerprint.localeCompare(b.fingerprint));
  }

  async addCurrentToken(record: TokenRecord): Promise<void> {
    const { current: _current, ...stored } = record;
    await redisCall(() =>
      this.#client
        .multi()
        .hset(this.#tokensKey(record.accountId), record.fingerprint, JSON.stringify(stored))
        .set(this.#currentKey(record.accountId), record.fingerprint)
        .exec()
        .then(failOnError),
    );
  }

  async markRevoked(accountId: string, fingerprint: string, by: string, at: string): Promise<TokenRecord | undefined> {
    const json = (await redisCall(() => this.#client.eval(MARK_REVOKED, 1, this.#tokensKey(accountId), fingerprint, at, by))) as string | null;
    if (!json) return undefined;
    const current = await redisCall(() => this.#client.get(this.#currentKey(accountId)));
    return { ...(JSON.parse(json) as TokenRecord), current: current === fingerprint };
  }

  async retireCurrent(accountId: string, fingerprint: string): Promise<void> {
    await redisCall(() => this.#client.eval(DELETE_IF, 1, this.#currentKey(accountId), fingerprint));
  }

  async resealToken(accountId: string, fingerprint: string, sealedToken: string): Promise<void> {
    await redisCall(() => this.#client.eval(RESEAL, 1, this.#tokensKey(accountId), fingerprint, sealedToken));
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    const key = `${this.#p}audit:${event.accountId}`;
    await redisCall(() =>
      this.#client
        .multi()
        .lpush(key, JSON.stringify(event))
        .ltrim(key, 0, this.#maxAudit - 1)
        .exec()
        .then(failOnError),
    );
  }

  async recentAudit(accountIds: readonly string[], limit: number): Promise<AuditEvent[]> {
    const lists = await redisCall(() => Promise.all(accountIds.map((id) => this.#client.lrange(`${this.#p}audit:${id}`, 0, limit - 1))));
    return lists
      .flat()
      .map((json) => JSON.parse(json) as AuditEvent)
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit);
  }

  withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    return this.#lock.withLock(name, ttlMs, fn);
  }

  async close(): Promise<void> {
    // The client is shared and closed by its owner.
  }

  #tokensKey(accountId: string): string {
    return `${this.#p}tokens:${accountId}`;
  }

  #currentKey(accountId: string): string {
    return `${this.#p}current:${accountId}`;
  }
}

function failOnError(results: [Error | null, unknown][] | null): void {
  if (!results) throw new Error('Redis transaction was aborted');
  for (const [err] of results) if (err) throw err;
}
