/**
 * The account's current Galaxy access token, as the inventory keeps it (sealed). Reads and
 * release actions run with it and never mint one: without a live current token they answer 409
 * NO_CURRENT_TOKEN (minting is an admin's POST). A token Galaxy refuses (revoked elsewhere) is
 * marked revoked, so the next mint replaces it.
 */
import { createHash } from 'node:crypto';
import { SamsungAuthError } from '../errors.js';
import { GalaxyApiError } from '../galaxy/galaxy-error.js';
import type { TokenCipher } from '../galaxy/token-cipher.js';
import type { InventoryStore, TokenRecord } from './inventory-types.js';

/** Fingerprint of a token: names it in listings and logs without revealing it. */
export function tokenFingerprint(accessToken: string): string {
  return `sha256:${createHash('sha256').update(accessToken).digest('base64url').slice(0, 16)}`;
}

/** What a sealed token is bound to: its account and fingerprint. */
export function sealContext(accountId: string, fingerprint: string): string {
  return `galaxy-token|${accountId}|${fingerprint}`;
}

export class CurrentTokens {
  readonly #store: InventoryStore;
  readonly #cipher: TokenCipher;
  readonly #now: () => number;

  constructor(store: InventoryStore, cipher: TokenCipher, now: () => number) {
    this.#store = store;
    this.#cipher = cipher;
    this.#now = now;
  }

  /** The token in clear (throws when its sealed copy does not open). */
  open(record: TokenRecord): string {
    return this.#cipher.open(record.sealedToken, sealContext(record.accountId, record.fingerprint));
  }

  /** True when the sealed copy opens and is the token its fingerprint names. */
  opens(record: TokenRecord): boolean {
    try {
      return tokenFingerprint(this.open(record)) === record.fingerprint;
    } catch {
      return false;
    }
  }

  /** The token minted last, revoked or not. */
  async current(accountId: string): Promise<TokenRecord | undefined> {
    return (await this.#store.tokens(accountId)).find((r) => r.current);
  }

  /** The current token if it is still live. */
  async live(accountId: string): Promise<TokenRecord | undefined> {
    const record = await this.current(accountId);
    return record && !record.revokedAt ? record : undefined;
  }

  /** Runs `fn` with the account's live current token in clear; never mints one. */
  async use<T>(accountId: string, fn: (accessToken: string) => Promise<T>): Promise<{ result: T; fingerprint: string }> {
    const record = await this.live(accountId);
    if (!record) {
      throw new SamsungAuthError('NO_CURRENT_TOKEN', 'This account has no live access token; reads and release actions never mint one.', {
        status: 409,
        hint: 'An admin of this service account mints one on the account page (/account).',
      });
    }
    if (!this.opens(record)) {
      throw new SamsungAuthError('TOKEN_STORE_CORRUPT', `The stored copy of the current token ${record.fingerprint} cannot be read.`, { status: 409, hint: 'An admin mints a new token.' });
    }
    try {
      return { result: await fn(this.open(record)), fingerprint: record.fingerprint };
    } catch (err) {
      if (!(err instanceof GalaxyApiError && err.httpStatus === 401)) throw err;
      // Refused by Galaxy (revoked elsewhere): it is dead at Samsung; say so, and let a mint replace it.
      await this.#store.markRevoked(accountId, record.fingerprint, 'galaxy (refused)', new Date(this.#now()).toISOString());
      throw new SamsungAuthError('NO_CURRENT_TOKEN', 'Galaxy Store refused the current token (it was revoked elsewhere).', { status: 409, hint: 'An admin mints a new token.' });
    }
  }
}
