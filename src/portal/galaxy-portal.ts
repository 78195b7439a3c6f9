/**
 * The Galaxy routines exposed to a signed-in operator: list the accounts they operate, mint,
 * check and revoke access tokens, list contents, read the audit trail.
 *
 * Deny by default: every operation first checks that the user is listed in the account's
 * `operators`. Every token minted is recorded (sealed) in the inventory; minting makes the new
 * token current and revokes the previous one at Samsung; every action is audited.
 */
import { createHash } from 'node:crypto';
import { ConfigError, SamsungAuthError, isSamsungAuthError } from '../errors.js';
import { checkAccessToken, revokeAccessToken } from '../galaxy/access-token.js';
import { GalaxyApiError } from '../galaxy/galaxy-error.js';
import { GalaxyApiClient, type ContentListEntry } from '../galaxy/api-client.js';
import { GalaxyTokenManager } from '../galaxy/token-manager.js';
import type { TokenCipher } from '../galaxy/token-cipher.js';
import type { GalaxyConnection } from '../galaxy/lib/send-galaxy-request.js';
import { silentLogger, type Logger } from '../log.js';
import type { AuditAction, AuditEvent, InventoryStore, TokenRecord } from './inventory-types.js';
import type { ServiceAccountConfig } from './service-accounts-config.js';
import type { RateLimiter } from '../stores/rate-limiter.js';

export interface GalaxyPortalOptions {
  accounts: readonly ServiceAccountConfig[];
  connection: GalaxyConnection;
  store: InventoryStore;
  cipher: TokenCipher;
  /** Limits mint and revoke per user. */
  rateLimiter?: RateLimiter;
  /** Limits the reads that call Galaxy Store (check, contents) per user. */
  readRateLimiter?: RateLimiter;
  logger?: Logger;
  now?: () => number;
  /** Where the inventory lives, for messages. */
  storeDescription?: string;
}

/** What a listing shows of a token: never the token itself. */
export interface TokenInfo {
  fingerprint: string;
  createdAt: string;
  createdBy: string;
  /** When it was revoked; null while it is live. */
  revokedAt: string | null;
}

export interface InventoryEntryView extends TokenInfo {
  scopes: string[];
  current: boolean;
  revokedBy: string | null;
  /** The sealed token failed authentication: altered on disk, or sealed with a key no longer configured. */
  tampered: boolean;
}

export interface MintResult {
  accessToken: string;
  token: TokenInfo;
  /** The token it replaced, and whether revoking it at Samsung worked (it stays listed if not). */
  previous: { fingerprint: string; revoked: boolean } | null;
}

export interface AccountView {
  id: string;
  name: string;
  scopes: string[];
  token: TokenInfo | null;
}

const MINT_LOCK_TTL_MS = 20_000;
const KEY_CHECK_TEXT = 'samsung-auth-kit token inventory';
const KEY_CHECK_CONTEXT = 'key-check';

/** Fingerprint of a token: names it in listings and logs without revealing it. */
export function tokenFingerprint(accessToken: string): string {
  return `sha256:${createHash('sha256').update(accessToken).digest('base64url').slice(0, 16)}`;
}

function sealContext(accountId: string, fingerprint: string): string {
  return `galaxy-token|${accountId}|${fingerprint}`;
}

export class GalaxyPortal {
  readonly #accounts: ReadonlyMap<string, ServiceAccountConfig>;
  readonly #options: GalaxyPortalOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  /** Mints only (with the clock-skew retry); reads use the inventory's current token, never a new one. */
  readonly #managers = new Map<string, GalaxyTokenManager>();
  readonly #locks = new Map<string, Promise<unknown>>();

  private constructor(options: GalaxyPortalOptions) {
    this.#options = options;
    this.#accounts = new Map(options.accounts.map((a) => [a.id, a]));
    this.#logger = options.logger ?? silentLogger();
    this.#now = options.now ?? Date.now;
    for (const account of options.accounts) {
      const manager = new GalaxyTokenManager({
        ...options.connection,
        serviceAccountId: account.id,
        privateKey: account.key,
        scopes: account.scopes,
        now: this.#now,
      });
      this.#managers.set(account.id, manager);
    }
  }

  /**
   * Opens the portal over an inventory. A TOKEN_ENCRYPTION_KEY that does not open the existing
   * inventory stops start-up (ConfigError) rather than silently orphaning its tokens.
   */
  static async create(options: GalaxyPortalOptions): Promise<GalaxyPortal> {
    const check = await options.store.getKeyCheck();
    if (check !== undefined) {
      try {
        options.cipher.open(check, KEY_CHECK_CONTEXT);
      } catch {
        throw new ConfigError([
          {
            variable: 'TOKEN_ENCRYPTION_KEY',
            problem: `does not open the existing token inventory${options.storeDescription ? ` at ${options.storeDescription}` : ''}; it was sealed with another key`,
            example: 'the key used before, or "new-id:NEWKEY,old-id:OLDKEY" to rotate',
          },
        ]);
      }
    }
    await resealStaleTokens(options);
    if (check === undefined || options.cipher.isStale(check)) {
      await options.store.setKeyCheck(options.cipher.seal(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT));
    }
    return new GalaxyPortal(options);
  }

  /** Accounts this user operates (empty when none: deny by default). */
  async accountsFor(userId: string): Promise<AccountView[]> {
    const out: AccountView[] = [];
    for (const account of this.#accounts.values()) {
      if (!account.operators.includes(userId)) continue;
      const current = await this.#currentRecord(account.id);
      out.push({ id: account.id, name: account.name, scopes: [...account.scopes], token: current ? info(current) : null });
    }
    return out;
  }

  /** Every token of the account in the inventory, newest first. */
  async inventory(userId: string, accountId: string): Promise<InventoryEntryView[]> {
    await this.#authorize(userId, accountId, 'token.list');
    const records = await this.#options.store.tokens(accountId);
    return records.reverse().map((r) => ({
      ...info(r),
      scopes: [...r.scopes],
      current: r.current,
      revokedBy: r.revokedBy ?? null,
      tampered: !this.#opens(r),
    }));
  }

  /**
   * Mints a fresh token, makes it current, revokes the previous one. The only time a token is
   * returned. Serialised per account (across instances when the store is shared), so two mints
   * never both keep a "previous" token alive.
   */
  async mint(userId: string, accountId: string): Promise<MintResult> {
    await this.#limit(userId, 'ops');
    const account = await this.#authorize(userId, accountId, 'token.mint');
    const manager = this.#managers.get(accountId)!;
    return this.#audited(userId, accountId, 'token.mint', () =>
      this.#withAccountLock(accountId, async () => {
        const previous = await this.#liveCurrent(accountId);
        const accessToken = await manager.mintAccessToken();
        const record = this.#record(account, accessToken, userId);
        try {
          await this.#options.store.addCurrentToken(record);
        } catch (err) {
          // Not recorded means not revocable from here later: take it back now.
          await revokeAccessToken({ ...this.#options.connection, serviceAccountId: account.id, accessToken }).catch(() =>
            this.#logger.error({ event: 'token_orphaned', accountId, fingerprint: record.fingerprint }, 'a minted token could be neither recorded nor revoked'),
          );
          throw err;
        }
        let previousRevoked = true;
        if (previous) {
          try {
            await this.#revokeRecord(account, previous, userId, 'replaced');
          } catch (err) {
            // The new token is current and is returned; the old one stays listed as live for a later revoke.
            previousRevoked = false;
            const code = isSamsungAuthError(err) ? err.code : 'INTERNAL';
            await this.#options.store
              .appendAudit({ at: new Date(this.#now()).toISOString(), userId, accountId, action: 'token.revoke', outcome: 'error', fingerprint: previous.fingerprint, detail: `replaced; ${code}` })
              .catch(() => undefined);
          }
        }
        return {
          result: {
            accessToken,
            token: info(record),
            previous: previous ? { fingerprint: previous.fingerprint, revoked: previousRevoked } : null,
          },
          fingerprint: record.fingerprint,
        };
      }),
    );
  }

  /** Checks the current token at Samsung. */
  async check(userId: string, accountId: string): Promise<{ valid: boolean; checkedAt: string }> {
    await this.#limit(userId, 'reads');
    const account = await this.#authorize(userId, accountId, 'token.check');
    return this.#audited(userId, accountId, 'token.check', async () => {
      const record = await this.#requireCurrent(accountId);
      const accessToken = this.#open(record);
      let valid = true;
      try {
        await checkAccessToken({ ...this.#options.connection, serviceAccountId: account.id, accessToken });
      } catch (err) {
        if (!(err instanceof GalaxyApiError) || err.httpStatus !== 401) throw err;
        valid = false;
      }
      return { result: { valid, checkedAt: new Date(this.#now()).toISOString() }, fingerprint: record.fingerprint, detail: valid ? 'valid' : 'invalid' };
    });
  }

  /** Revokes the current token at Samsung. */
  async revoke(userId: string, accountId: string): Promise<{ revoked: true; fingerprint: string }> {
    await this.#limit(userId, 'ops');
    const account = await this.#authorize(userId, accountId, 'token.revoke');
    return this.#audited(userId, accountId, 'token.revoke', async () => {
      const record = await this.#requireCurrent(accountId);
      if (record.revokedAt) {
        throw new SamsungAuthError('NO_CURRENT_TOKEN', 'The current token is already revoked.', { status: 409, hint: 'Mint a new one if you need one.' });
      }
      await this.#revokeRecord(account, record, userId);
      return { result: { revoked: true as const, fingerprint: record.fingerprint }, fingerprint: record.fingerprint };
    });
  }

  /** Revokes one token of the inventory (current or not) by fingerprint. */
  async revokeToken(userId: string, accountId: string, fingerprint: string): Promise<{ revoked: true; fingerprint: string }> {
    await this.#limit(userId, 'ops');
    const account = await this.#authorize(userId, accountId, 'token.revoke');
    return this.#audited(userId, accountId, 'token.revoke', async () => {
      const record = (await this.#options.store.tokens(accountId)).find((r) => r.fingerprint === fingerprint && !r.revokedAt);
      if (!record) {
        throw new SamsungAuthError('UNKNOWN_TOKEN', 'No live token of this account has that fingerprint.', { status: 404, hint: 'It may be revoked already; reload the list.' });
      }
      await this.#revokeRecord(account, record, userId);
      return { result: { revoked: true as const, fingerprint }, fingerprint };
    });
  }

  /** Revokes every live token of the account; answers how many were revoked, and how many could not be read. */
  async revokeAll(userId: string, accountId: string): Promise<{ revoked: number; unrevocable: number }> {
    await this.#limit(userId, 'ops');
    const account = await this.#authorize(userId, accountId, 'token.revoke_all');
    return this.#audited(userId, accountId, 'token.revoke_all', async () => {
      const live = (await this.#options.store.tokens(accountId)).filter((r) => !r.revokedAt);
      let revoked = 0;
      let unrevocable = 0;
      for (const record of live) {
        if (!this.#opens(record)) {
          unrevocable += 1;
          continue;
        }
        await this.#revokeRecord(account, record, userId);
        revoked += 1;
      }
      return { result: { revoked, unrevocable }, detail: `${revoked} revoked, ${unrevocable} unreadable` };
    });
  }

  /**
   * The account's content list, with the current token. A read never mints: without a live
   * token it answers 409 NO_CURRENT_TOKEN (minting is a POST: CSRF-protected, rate-limited, audited).
   */
  async contents(userId: string, accountId: string): Promise<ContentListEntry[]> {
    await this.#limit(userId, 'reads');
    const account = await this.#authorize(userId, accountId, 'contents.list');
    return this.#audited(userId, accountId, 'contents.list', async () => {
      const { result: list, fingerprint } = await this.#withCurrentToken(account, (api) => api.contentList());
      return { result: list, fingerprint, detail: `${list.length} item(s)` };
    });
  }

  /** Recent audit events of the accounts this user operates, newest first. */
  async audit(userId: string, limit = 50): Promise<AuditEvent[]> {
    const ids = [...this.#accounts.values()].filter((a) => a.operators.includes(userId)).map((a) => a.id);
    return ids.length === 0 ? [] : this.#options.store.recentAudit(ids, Math.min(Math.max(limit, 1), 500));
  }

  /** An account's id and name, for pages (the same authorization as every other call). */
  describeAccount(userId: string, accountId: string): { id: string; name: string } {
    const account = this.#accounts.get(accountId);
    if (!account || !account.operators.includes(userId)) throw forbidden(userId);
    return { id: account.id, name: account.name };
  }

  /** True when this user operates at least one account. */
  operatesAny(userId: string): boolean {
    return [...this.#accounts.values()].some((a) => a.operators.includes(userId));
  }

  /**
   * Deny by default. Unknown and not-yours answer alike, so ids cannot be probed; a refusal is
   * audited (under the id asked for, checked to be id-shaped) and logged with the user.
   */
  async #authorize(userId: string, accountId: string, action: AuditAction): Promise<ServiceAccountConfig> {
    const account = this.#accounts.get(accountId);
    if (account && account.operators.includes(userId)) return account;
    const asked = /^[A-Za-z0-9._-]{1,128}$/.test(accountId) ? accountId : '(not an account id)';
    this.#logger.warn({ event: 'galaxy_forbidden', userId, accountId: asked, action }, 'refused: the user does not operate this service account');
    await this.#options.store
      .appendAudit({ at: new Date(this.#now()).toISOString(), userId, accountId: asked, action, outcome: 'forbidden' })
      .catch(() => undefined);
    throw forbidden(userId);
  }

  async #limit(userId: string, kind: 'ops' | 'reads'): Promise<void> {
    const limiter = kind === 'ops' ? this.#options.rateLimiter : this.#options.readRateLimiter;
    const verdict = await limiter?.hit(`galaxy-${kind === 'ops' ? 'token-ops' : 'reads'}|${userId}`);
    if (verdict && !verdict.allowed) {
      const err = new SamsungAuthError('RATE_LIMITED', kind === 'ops' ? 'Too many token operations; wait a moment.' : 'Too many Galaxy Store requests; wait a moment.', {
        status: 429,
        hint: `Try again in ${verdict.retryAfterSeconds} s.`,
      });
      err.retryAfterSeconds = verdict.retryAfterSeconds;
      throw err;
    }
  }

  /** Runs one API call with the account's live current token; never mints one. */
  async #withCurrentToken<T>(account: ServiceAccountConfig, fn: (api: GalaxyApiClient) => Promise<T>): Promise<{ result: T; fingerprint: string }> {
    const record = await this.#liveCurrent(account.id);
    if (!record) {
      throw new SamsungAuthError('NO_CURRENT_TOKEN', 'This account has no live access token; a read never mints one.', { status: 409, hint: 'Mint a token first.' });
    }
    if (!this.#opens(record)) {
      throw new SamsungAuthError('TOKEN_STORE_CORRUPT', `The stored copy of the current token ${record.fingerprint} cannot be read.`, { status: 409, hint: 'Mint a new token.' });
    }
    const api = new GalaxyApiClient({ ...this.#options.connection, serviceAccountId: account.id, accessToken: this.#open(record) });
    try {
      return { result: await fn(api), fingerprint: record.fingerprint };
    } catch (err) {
      if (!(err instanceof GalaxyApiError && err.httpStatus === 401)) throw err;
      // Refused by Galaxy (revoked elsewhere): it is dead at Samsung; say so, and let a mint replace it.
      await this.#options.store.markRevoked(account.id, record.fingerprint, 'galaxy (refused)', new Date(this.#now()).toISOString());
      throw new SamsungAuthError('NO_CURRENT_TOKEN', 'Galaxy Store refused the current token (it was revoked elsewhere).', { status: 409, hint: 'Mint a new token.' });
    }
  }

  async #audited<T>(
    userId: string,
    accountId: string,
    action: AuditAction,
    fn: () => Promise<{ result: T; fingerprint?: string; detail?: string }>,
  ): Promise<T> {
    const at = new Date(this.#now()).toISOString();
    try {
      const { result, fingerprint, detail } = await fn();
      await this.#options.store.appendAudit({ at, userId, accountId, action, outcome: 'ok', ...(fingerprint ? { fingerprint } : {}), ...(detail ? { detail } : {}) });
      this.#logger.info({ event: action, userId, accountId, fingerprint }, `galaxy ${action}`);
      return result;
    } catch (err) {
      const code = err instanceof GalaxyApiError ? `${err.code}:${err.galaxyCode}` : isSamsungAuthError(err) ? err.code : 'INTERNAL';
      await this.#options.store.appendAudit({ at, userId, accountId, action, outcome: 'error', detail: code }).catch(() => undefined);
      this.#logger.warn({ event: action, userId, accountId, code }, `galaxy ${action} failed`);
      throw err;
    }
  }

  #record(account: ServiceAccountConfig, accessToken: string, createdBy: string): TokenRecord {
    const fingerprint = tokenFingerprint(accessToken);
    return {
      fingerprint,
      accountId: account.id,
      scopes: [...account.scopes],
      createdAt: new Date(this.#now()).toISOString(),
      createdBy,
      sealedToken: this.#options.cipher.seal(accessToken, sealContext(account.id, fingerprint)),
      current: true,
    };
  }

  #open(record: TokenRecord): string {
    return this.#options.cipher.open(record.sealedToken, sealContext(record.accountId, record.fingerprint));
  }

  #opens(record: TokenRecord): boolean {
    try {
      return tokenFingerprint(this.#open(record)) === record.fingerprint;
    } catch {
      return false;
    }
  }

  /** The token minted last, revoked or not. */
  async #currentRecord(accountId: string): Promise<TokenRecord | undefined> {
    return (await this.#options.store.tokens(accountId)).find((r) => r.current);
  }

  /** The current token if it is still live. */
  async #liveCurrent(accountId: string): Promise<TokenRecord | undefined> {
    const record = await this.#currentRecord(accountId);
    return record && !record.revokedAt ? record : undefined;
  }

  async #requireCurrent(accountId: string): Promise<TokenRecord> {
    const record = await this.#currentRecord(accountId);
    if (!record) {
      throw new SamsungAuthError('NO_CURRENT_TOKEN', 'This account has no current access token.', { status: 409, hint: 'Mint one first.' });
    }
    return record;
  }

  /** Revokes at Samsung (an already-invalid token counts as revoked), then records it. */
  async #revokeRecord(account: ServiceAccountConfig, record: TokenRecord, userId: string, why?: string): Promise<void> {
    let accessToken: string;
    try {
      accessToken = this.#open(record);
    } catch {
      // Never reported as revoked: it may well be live at Samsung.
      throw new SamsungAuthError('TOKEN_STORE_CORRUPT', `The stored copy of token ${record.fingerprint} cannot be decrypted, so it cannot be revoked from here.`, {
        status: 409,
        hint: 'It was altered, or sealed with a key no longer in TOKEN_ENCRYPTION_KEY (add it back to revoke). Otherwise recreate the service account in Seller Portal to cut it off.',
      });
    }
    try {
      await revokeAccessToken({ ...this.#options.connection, serviceAccountId: account.id, accessToken });
    } catch (err) {
      if (!(err instanceof GalaxyApiError && err.httpStatus === 401)) throw err;
    }
    await this.#options.store.markRevoked(record.accountId, record.fingerprint, why ? `${userId} (${why})` : userId, new Date(this.#now()).toISOString());
  }

  /** One holder at a time per account: in this process, and across instances when the store can lock. */
  #withAccountLock<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    const { store } = this.#options;
    // Held at most for one mint's time budget (with its retries); a crashed holder's lock expires.
    const locked = () => (store.withLock ? store.withLock(`mint:${accountId}`, MINT_LOCK_TTL_MS, fn) : fn());
    const previous = this.#locks.get(accountId) ?? Promise.resolve();
    const run = previous.then(locked, locked);
    const tail = run.catch(() => undefined);
    this.#locks.set(accountId, tail);
    void tail.then(() => {
      if (this.#locks.get(accountId) === tail) this.#locks.delete(accountId);
    });
    return run;
  }

}

/**
 * Re-seals tokens sealed under an older key that is still listed, so the old key can be dropped
 * later; refuses to start when live tokens are sealed under a key no longer listed (they could
 * not be revoked from here).
 */
async function resealStaleTokens(options: GalaxyPortalOptions): Promise<void> {
  const orphaned: string[] = [];
  for (const account of options.accounts) {
    for (const record of await options.store.tokens(account.id)) {
      if (!options.cipher.isStale(record.sealedToken)) continue;
      if (!options.cipher.knowsKeyOf(record.sealedToken)) {
        if (!record.revokedAt) orphaned.push(`${account.id} ${record.fingerprint}`);
        continue;
      }
      const context = sealContext(record.accountId, record.fingerprint);
      let accessToken: string;
      try {
        accessToken = options.cipher.open(record.sealedToken, context);
      } catch {
        continue; // altered: reported as tampered in listings
      }
      await options.store.resealToken(record.accountId, record.fingerprint, options.cipher.seal(accessToken, context));
    }
  }
  if (orphaned.length > 0) {
    throw new ConfigError([
      {
        variable: 'TOKEN_ENCRYPTION_KEY',
        problem: `no longer lists the key that seals ${orphaned.length} live token(s) (${orphaned.slice(0, 3).join(', ')}${orphaned.length > 3 ? ', ...' : ''}); they could not be revoked`,
        example: 'keep the old key listed after the new one ("new:NEWKEY,old:OLDKEY") until those tokens are revoked',
      },
    ]);
  }
}

function forbidden(userId: string): SamsungAuthError {
  return new SamsungAuthError('FORBIDDEN', 'You do not operate this service account.', {
    status: 403,
    hint: `Ask an administrator to add your Samsung user id (${userId}) to its "operators" in GALAXY_SERVICE_ACCOUNTS.`,
  });
}

function info(record: TokenRecord): TokenInfo {
  return { fingerprint: record.fingerprint, createdAt: record.createdAt, createdBy: record.createdBy, revokedAt: record.revokedAt ?? null };
}
