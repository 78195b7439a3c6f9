/**
 * Keeps one current access token per (service account, scopes) and lends it to API calls.
 *
 * - Single-flight: concurrent callers on a cold cache share one `POST /auth/accessToken`; its
 *   failure reaches all of them and is not cached, so the next caller tries again.
 * - A token refused by an API (401 `AUTH_REQUIRE`: revoked) is dropped, one fresh token is
 *   obtained and the call retried once, never in a loop.
 * - A JWT refused for its times (422) teaches the clock offset from the server's `Date` header,
 *   and the request is retried once with corrected times.
 */
import type { KeyObject } from 'node:crypto';
import { isSamsungAuthError } from '../errors.js';
import { checkAccessToken, requestAccessToken, revokeAccessToken } from './access-token.js';
import { GalaxyApiClient, type AccessTokenSource } from './api-client.js';
import { createGalaxyJwtAsync } from './create-jwt.js';
import { GalaxyApiError } from './galaxy-error.js';
import { scopesKey, validateScopes, type GalaxyScope } from './galaxy-scopes.js';
import { checkHeaderValue, resolveGalaxyApiUrl, type GalaxyConnection } from './lib/send-galaxy-request.js';
import type { ServiceAccountKey } from './load-private-key.js';
import { MemoryTokenStore, type StoredAccessToken, type TokenStore } from './token-store.js';

/** Options of {@link GalaxyTokenManager}; the connection options apply to every call it makes. */
export interface GalaxyTokenManagerOptions extends GalaxyConnection {
  serviceAccountId: string;
  /** From {@link loadPrivateKey} (parsed once), or an RSA private KeyObject. */
  privateKey: ServiceAccountKey | KeyObject;
  /** Default scopes of {@link GalaxyTokenManager.getAccessToken}; default `['publishing']`. */
  scopes?: readonly GalaxyScope[] | string;
  /** Token cache; default a {@link MemoryTokenStore}. Out-of-process stores go through {@link EncryptedTokenStore}. */
  store?: TokenStore;
  /** Local clock in milliseconds; default `Date.now`. */
  now?: () => number;
  /** `exp - iat` of the JWTs minted; default 1200. */
  jwtLifetimeSeconds?: number;
}

/**
 * Keeps one access token per (service account, scopes) and lends it to API calls: minted on
 * first use, shared by concurrent callers, replaced once when Galaxy refuses it, clock skew
 * learnt from a 422.
 *
 * @example
 * ```ts
 * const manager = new GalaxyTokenManager({
 *   serviceAccountId: process.env.GALAXY_SERVICE_ACCOUNT_ID!,
 *   privateKey: await loadPrivateKey({ file: process.env.GALAXY_PRIVATE_KEY_FILE! }),
 *   scopes: ['publishing'],
 * });
 * const api = manager.apiClient();
 * const apps = await api.contentList(); // token minted on first use, reused after
 * ```
 */
export class GalaxyTokenManager implements AccessTokenSource {
  readonly serviceAccountId: string;
  readonly scopes: readonly GalaxyScope[];
  readonly #connection: GalaxyConnection;
  readonly #privateKey: ServiceAccountKey | KeyObject;
  readonly #store: TokenStore;
  readonly #now: () => number;
  readonly #lifetime: number | undefined;
  readonly #inflight = new Map<string, Promise<string>>();
  #clockOffsetSeconds = 0;

  constructor(options: GalaxyTokenManagerOptions) {
    this.serviceAccountId = checkHeaderValue(options.serviceAccountId, 'service account id');
    this.scopes = validateScopes(options.scopes ?? ['publishing']);
    const { apiUrl, timeoutMs, maxBodyBytes, fetch, allowInsecureHttp, breaker, retry } = options;
    this.#connection = Object.freeze({
      apiUrl: resolveGalaxyApiUrl(apiUrl, allowInsecureHttp),
      timeoutMs,
      maxBodyBytes,
      fetch,
      allowInsecureHttp,
      breaker,
      retry,
    });
    this.#privateKey = options.privateKey;
    this.#store = options.store ?? new MemoryTokenStore();
    this.#now = options.now ?? Date.now;
    this.#lifetime = options.jwtLifetimeSeconds;
  }

  /** The base URL calls go to. */
  get apiUrl(): string {
    return this.#connection.apiUrl as string;
  }

  /** Server time minus local time, in seconds, as last learnt from a 422 answer. */
  get clockOffsetSeconds(): number {
    return this.#clockOffsetSeconds;
  }

  /** The current token for these scopes (default: the manager's), minting one if none is cached. */
  getAccessToken(scopes?: readonly GalaxyScope[] | string): Promise<string> {
    let wanted: readonly GalaxyScope[];
    try {
      wanted = scopes === undefined ? this.scopes : validateScopes(scopes);
    } catch (err) {
      return Promise.reject(err);
    }
    const key = this.#cacheKey(wanted);
    // Checked synchronously, before any await: this is what makes 1000 callers share one request.
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const promise = this.#lookupOrMint(key, wanted).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }

  /**
   * Runs `fn` with the current token; if Galaxy refuses the token (401 `AUTH_REQUIRE`), drops it,
   * gets one fresh token and runs `fn` once more.
   */
  async withAccessToken<T>(fn: (accessToken: string) => Promise<T>, scopes?: readonly GalaxyScope[] | string): Promise<T> {
    const token = await this.getAccessToken(scopes);
    try {
      return await fn(token);
    } catch (err) {
      if (!(err instanceof GalaxyApiError) || !err.isTokenRefused) throw err;
      await this.invalidate(token, scopes);
      return fn(await this.getAccessToken(scopes));
    }
  }

  /**
   * Drops the cached token for these scopes; with `accessToken`, only if it is still that one (a
   * caller holding an old token must not drop the fresh one another caller just obtained).
   */
  async invalidate(accessToken?: string, scopes?: readonly GalaxyScope[] | string): Promise<void> {
    const key = this.#cacheKey(scopes === undefined ? this.scopes : validateScopes(scopes));
    if (accessToken !== undefined) {
      const current = await this.#read(key);
      if (current && current.accessToken !== accessToken) return;
    }
    await this.#store.delete(key);
  }

  /** Checks the cached token with Galaxy (`GET /auth/checkAccessToken`), minting one if needed. */
  async check(scopes?: readonly GalaxyScope[] | string): Promise<void> {
    await this.withAccessToken((accessToken) => checkAccessToken(this.#callOptions(accessToken)), scopes);
  }

  /** Revokes the cached token upstream and forgets it; does nothing when none is cached. */
  async revoke(scopes?: readonly GalaxyScope[] | string): Promise<void> {
    const key = this.#cacheKey(scopes === undefined ? this.scopes : validateScopes(scopes));
    const current = await this.#read(key);
    if (!current) return;
    // Revoked first: if Samsung cannot be reached, the token stays known (and revocable later).
    await revokeAccessToken(this.#callOptions(current.accessToken));
    await this.#store.delete(key);
  }

  /**
   * Requests a new access token (with the clock-skew retry), without caching it: for callers
   * that keep their own record of tokens, such as the portal's inventory.
   */
  mintAccessToken(scopes?: readonly GalaxyScope[] | string): Promise<string> {
    return this.#mint(scopes === undefined ? this.scopes : validateScopes(scopes));
  }

  /** A {@link GalaxyApiClient} that borrows tokens from this manager. */
  apiClient(): GalaxyApiClient {
    return new GalaxyApiClient({ ...this.#connection, serviceAccountId: this.serviceAccountId, accessToken: this });
  }

  #cacheKey(scopes: readonly GalaxyScope[]): string {
    return `${this.serviceAccountId}|${scopesKey(scopes)}`;
  }

  #callOptions(accessToken: string) {
    return { ...this.#connection, serviceAccountId: this.serviceAccountId, accessToken };
  }

  async #read(key: string): Promise<StoredAccessToken | undefined> {
    try {
      const t = await this.#store.get(key);
      return t && t.serviceAccountId === this.serviceAccountId ? t : undefined;
    } catch (err) {
      // A value that cannot be opened (key rotated away, tampering) is a miss, not an outage.
      if (isSamsungAuthError(err) && err.code === 'TOKEN_STORE_CORRUPT') {
        await this.#store.delete(key);
        return undefined;
      }
      throw err;
    }
  }

  async #lookupOrMint(key: string, scopes: readonly GalaxyScope[]): Promise<string> {
    const cached = await this.#read(key);
    if (cached) return cached.accessToken;
    // Across processes: one lock holder mints; the others find its token when they get the lock.
    if (this.#store.withMintLock) return this.#store.withMintLock(key, () => this.#lookupOrMintLocked(key, scopes));
    return this.#lookupOrMintLocked(key, scopes);
  }

  async #lookupOrMintLocked(key: string, scopes: readonly GalaxyScope[]): Promise<string> {
    if (this.#store.withMintLock) {
      const filled = await this.#read(key);
      if (filled) return filled.accessToken;
    }
    const accessToken = await this.#mint(scopes);
    await this.#store.set(key, {
      accessToken,
      serviceAccountId: this.serviceAccountId,
      scopes: [...scopes],
      createdAt: this.#now(),
    });
    return accessToken;
  }

  async #mint(scopes: readonly GalaxyScope[]): Promise<string> {
    try {
      return await this.#requestOnce(scopes);
    } catch (err) {
      if (!(err instanceof GalaxyApiError) || err.httpStatus !== 422 || !err.serverDate) throw err;
      // Refused for its times: learn Samsung's clock from the answer and try exactly once more.
      this.#clockOffsetSeconds = Math.round((err.serverDate.getTime() - this.#now()) / 1000);
      return this.#requestOnce(scopes);
    }
  }

  async #requestOnce(scopes: readonly GalaxyScope[]): Promise<string> {
    // Signed off the event loop: a server minting for many accounts keeps serving meanwhile.
    const jwt = await createGalaxyJwtAsync({
      serviceAccountId: this.serviceAccountId,
      scopes,
      privateKey: this.#privateKey,
      now: this.#now(),
      clockOffsetSeconds: this.#clockOffsetSeconds,
      lifetimeSeconds: this.#lifetime,
    });
    const grant = await requestAccessToken({ ...this.#connection, jwt });
    return grant.accessToken;
  }
}
