/**
 * express-session in Redis, for several instances. Keys are the SHA-256 of the session id (the
 * id never sits in Redis in clear) and values are sealed with AES-256-GCM under a key derived
 * from the session secrets (the Samsung access token in a session never sits there in clear
 * either), bound to their key; the first secret seals, all open, so secrets rotate like the
 * cookie signature does.
 * A command that fails answers 503 quickly (see redis-client.ts), never hangs.
 */
import { createHash, hkdfSync } from 'node:crypto';
import session from 'express-session';
import { cookieExpiryMs } from './cookie-expiry.js';
import { TokenCipher } from '../galaxy/token-cipher.js';
import { redisCall, type RedisClient } from './redis-client.js';

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  client: RedisClient;
  /** The session secrets (first seals). */
  secrets: readonly string[];
  /** Key prefix. Default `sak:sess:`. */
  prefix?: string;
  /** Lifetime of a session whose cookie has no expiry, in ms. Default 24 h. */
  defaultTtlMs?: number;
}

/**
 * The associated data of a sealed session: its own key, so a value copied onto another
 * session's key (by whoever can write Redis) does not open there.
 */
function sealContext(key: string): string {
  return `session|${key}`;
}

/** A cipher whose keys are derived from secrets; key ids are stable hashes so rotation works. */
export function cipherFromSecrets(secrets: readonly string[], purpose: string): TokenCipher {
  const keys: Record<string, Buffer> = {};
  let current: string | undefined;
  for (const secret of secrets) {
    const key = Buffer.from(hkdfSync('sha256', secret, 'samsung-auth-kit', purpose, 32));
    const id = `s${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
    keys[id] = key;
    current ??= id;
  }
  return new TokenCipher({ keys, currentKeyId: current ?? '' });
}

/**
 * express-session in Redis, shared by every instance: keys are SHA-256 hashes of the session ids
 * and values are sealed with AES-256-GCM under a key derived from the session secrets. A failing
 * command answers 503 quickly (`STORE_UNAVAILABLE`), never hangs.
 *
 * @example
 * ```ts
 * const secrets = (process.env.SESSION_SECRET ?? '').split(',');
 * const client = await connectRedis('redis://127.0.0.1:6379/0');
 * const store = new RedisSessionStore({ client, secrets });
 * app.use(createSessionMiddleware({ secrets, baseUrl: 'https://portal.example.com', store }));
 * ```
 */
export class RedisSessionStore extends session.Store {
  readonly #client: RedisClient;
  readonly #cipher: TokenCipher;
  readonly #prefix: string;
  readonly #defaultTtlMs: number;

  constructor(options: RedisSessionStoreOptions) {
    super();
    this.#client = options.client;
    this.#cipher = cipherFromSecrets(options.secrets, 'session-store');
    this.#prefix = options.prefix ?? 'sak:sess:';
    this.#defaultTtlMs = options.defaultTtlMs ?? 24 * 3600 * 1000;
  }

  #key(sid: string): string {
    return this.#prefix + createHash('sha256').update(sid).digest('base64url');
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const key = this.#key(sid);
    redisCall(() => this.#client.get(key)).then(
      (sealed) => {
        if (sealed === null) return callback(null, null);
        try {
          callback(null, JSON.parse(this.#cipher.open(sealed, sealContext(key))) as session.SessionData);
        } catch {
          // Sealed under a secret no longer configured, or altered: no session.
          callback(null, null);
        }
      },
      (err: unknown) => callback(err),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const key = this.#key(sid);
    const sealed = this.#cipher.seal(JSON.stringify(data), sealContext(key));
    redisCall(() => this.#client.set(key, sealed, 'PX', this.#ttl(data))).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override touch(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    redisCall(() => this.#client.pexpire(this.#key(sid), this.#ttl(data))).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    redisCall(() => this.#client.del(this.#key(sid))).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  #ttl(data: session.SessionData): number {
    const expires = cookieExpiryMs(data);
    const ttl = Number.isFinite(expires) ? expires - Date.now() : this.#defaultTtlMs;
    return Math.max(1000, Math.round(ttl));
  }
}
