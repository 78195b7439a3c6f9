/**
 * Where the token manager keeps access tokens. Pluggable: the memory store is the default; any
 * store that takes tokens out of process memory (Redis, a file) stores only sealed text, through
 * {@link EncryptedTokenStore}.
 */
import type { GalaxyScope } from './galaxy-scopes.js';

/** One cached access token and what it was issued for. */
export interface StoredAccessToken {
  accessToken: string;
  serviceAccountId: string;
  scopes: GalaxyScope[];
  /** When it was issued, in milliseconds since the epoch. */
  createdAt: number;
}

/** A token cache keyed by (service account, scopes). Implementations may be shared by processes. */
export interface TokenStore {
  get(key: string): Promise<StoredAccessToken | undefined>;
  set(key: string, token: StoredAccessToken): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * For stores shared by several processes: runs `mint` holding a lock on `key` shared by all of
   * them, so that N instances with a cold cache make one token request between them. `mint`
   * looks in the store again first (another holder may have just filled it).
   */
  withMintLock?<T>(key: string, mint: () => Promise<T>): Promise<T>;
}

/**
 * The default store: a Map in this process. Tokens never leave memory, so they are not sealed.
 *
 * @example
 * ```ts
 * const manager = new GalaxyTokenManager({ serviceAccountId, privateKey, store: new MemoryTokenStore() });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #map = new Map<string, StoredAccessToken>();

  async get(key: string): Promise<StoredAccessToken | undefined> {
    const t = this.#map.get(key);
    return t && { ...t, scopes: [...t.scopes] };
  }

  async set(key: string, token: StoredAccessToken): Promise<void> {
    this.#map.set(key, { ...token, scopes: [...token.scopes] });
  }

  async delete(key: string): Promise<void> {
    this.#map.delete(key);
  }
}
