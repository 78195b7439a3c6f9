/**
 * A {@link TokenStore} over any string key-value backend (Redis, a file, a database), that only
 * ever hands the backend AES-256-GCM sealed text. This is the seam a later Redis or file store
 * plugs into: implement {@link SecretValueStore}, wrap it here.
 */
import { SamsungAuthError } from '../errors.js';
import { isGalaxyScope } from './galaxy-scopes.js';
import type { TokenCipher } from './token-cipher.js';
import type { StoredAccessToken, TokenStore } from './token-store.js';

/** A plain string key-value backend. It sees only sealed values. */
export interface SecretValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * An in-memory {@link SecretValueStore}, for tests and as a model for real backends.
 *
 * @example
 * ```ts
 * const backend = new MemoryValueStore();
 * const store = new EncryptedTokenStore({ backend, cipher: new TokenCipher({ keys: { k1: TokenCipher.generateKey() }, currentKeyId: 'k1' }) });
 * ```
 */
export class MemoryValueStore implements SecretValueStore {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

/** Options of {@link EncryptedTokenStore}. */
export interface EncryptedTokenStoreOptions {
  backend: SecretValueStore;
  cipher: TokenCipher;
  /** Prefix for backend keys; default `samsung-auth:galaxy-token:`. */
  prefix?: string;
}

/**
 * Seals tokens on the way out, opens them on the way in, and re-seals values found under an old
 * key so rotation completes on its own.
 *
 * @example
 * ```ts
 * const backend: SecretValueStore = new MemoryValueStore(); // or your Redis or database adapter
 * const store = new EncryptedTokenStore({ backend, cipher: TokenCipher.fromKeyList(process.env.TOKEN_ENCRYPTION_KEY!) });
 * const manager = new GalaxyTokenManager({ serviceAccountId, privateKey, store });
 * ```
 */
export class EncryptedTokenStore implements TokenStore {
  readonly #backend: SecretValueStore;
  readonly #cipher: TokenCipher;
  readonly #prefix: string;

  constructor(options: EncryptedTokenStoreOptions) {
    this.#backend = options.backend;
    this.#cipher = options.cipher;
    this.#prefix = options.prefix ?? 'samsung-auth:galaxy-token:';
  }

  /** @throws {@link SamsungAuthError} `TOKEN_STORE_CORRUPT` when the value cannot be opened. */
  async get(key: string): Promise<StoredAccessToken | undefined> {
    const fullKey = this.#prefix + key;
    const sealed = await this.#backend.get(fullKey);
    if (sealed === undefined) return undefined;
    // The backend key is bound as associated data: a value copied under another key fails.
    const token = parseStored(this.#cipher.open(sealed, fullKey));
    if (this.#cipher.isStale(sealed)) await this.#backend.set(fullKey, this.#cipher.seal(JSON.stringify(token), fullKey));
    return token;
  }

  async set(key: string, token: StoredAccessToken): Promise<void> {
    const fullKey = this.#prefix + key;
    await this.#backend.set(fullKey, this.#cipher.seal(JSON.stringify(token), fullKey));
  }

  async delete(key: string): Promise<void> {
    await this.#backend.delete(this.#prefix + key);
  }
}

function parseStored(json: string): StoredAccessToken {
  let v: Partial<StoredAccessToken> | null = null;
  try {
    v = JSON.parse(json) as Partial<StoredAccessToken>;
  } catch {
    // fall through to the shape check
  }
  if (
    !v ||
    typeof v.accessToken !== 'string' ||
    typeof v.serviceAccountId !== 'string' ||
    !Array.isArray(v.scopes) ||
    !v.scopes.every(isGalaxyScope) ||
    typeof v.createdAt !== 'number'
  ) {
    throw new SamsungAuthError('TOKEN_STORE_CORRUPT', 'A stored token decrypted to an unexpected shape.', { status: 500 });
  }
  return { accessToken: v.accessToken, serviceAccountId: v.serviceAccountId, scopes: v.scopes, createdAt: v.createdAt };
}
