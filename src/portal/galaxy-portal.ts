/**
 * The Galaxy routines exposed to a signed-in operator: the token routines of an admin (mint,
 * check, revoke, the inventory), the content list and the audit trail, and the release console
 * ({@link ReleaseConsole}, `portal.release`) for viewers, releasers and admins.
 *
 * Deny by default: every operation first asks {@link AccessControl} whether the user's role in
 * the account allows it. Every token minted is recorded (sealed) in the inventory; minting makes
 * the new token current and revokes the previous one at Samsung; every action is audited.
 */
import { SamsungAuthError, isSamsungAuthError } from '../errors.js';
import { openInventoryKeys } from './inventory-keys.js';
import { checkAccessToken, revokeAccessToken } from '../galaxy/access-token.js';
import { GalaxyApiError } from '../galaxy/galaxy-error.js';
import { GalaxyApiClient, type ContentListEntry } from '../galaxy/api-client.js';
import { GalaxyTokenManager } from '../galaxy/token-manager.js';
import type { TokenCipher } from '../galaxy/token-cipher.js';
import type { GalaxyConnection } from '../galaxy/lib/send-galaxy-request.js';
import { silentLogger, type Logger } from '../log.js';
import { MemoryLock } from '../stores/redis-lock.js';
import type { RateLimiter } from '../stores/rate-limiter.js';
import type { AuditEvent, InventoryStore, TokenRecord } from './inventory-types.js';
import type { ServiceAccountConfig } from './service-accounts-config.js';
import { AccessControl, type Grant } from './access-control.js';
import { AuditTrail } from './audit-trail.js';
import { CurrentTokens, sealContext, tokenFingerprint } from './current-token.js';
import { UserLimits } from './user-limits.js';
import { ReleaseConsole } from './release-console.js';
import type { TryLock } from '../stores/try-lock.js';
import type { Role } from './roles.js';

export { tokenFingerprint } from './current-token.js';
export type { AccountView, InventoryEntryView, MintResult, TokenInfo } from './token-views.js';
import { info, type AccountView, type InventoryEntryView, type MintResult } from './token-views.js';

export interface GalaxyPortalOptions {
  accounts: readonly ServiceAccountConfig[];
  connection: GalaxyConnection;
  store: InventoryStore;
  cipher: TokenCipher;
  /** Limits mint and revoke per user. */
  rateLimiter?: RateLimiter;
  /** Limits the reads that call Galaxy Store (check, contents, the release console's pages) per user. */
  readRateLimiter?: RateLimiter;
  /** Limits release actions (upload, submit, go live, rollout and IAP changes) per user. */
  releaseRateLimiter?: RateLimiter;
  /** Samsung's upload URL (GALAXY_UPLOAD_URL); default Samsung's. */
  uploadUrl?: string;
  /** Largest upload through the portal, in bytes (GALAXY_MAX_UPLOAD_MB). */
  maxUploadBytes?: number;
  /** Time budget of one upload through the portal, in milliseconds. */
  uploadTimeoutMs?: number;
  /** One release action per app at a time, across instances when shared. */
  appLock?: TryLock;
  logger?: Logger;
  now?: () => number;
  /** Where the inventory lives, for messages. */
  storeDescription?: string;
}

const MINT_LOCK_TTL_MS = 20_000;

export class GalaxyPortal {
  /** The release console: apps, uploads, review, rollout, IAP and statistics, by role. */
  readonly release: ReleaseConsole;
  readonly #options: GalaxyPortalOptions;
  readonly #access: AccessControl;
  readonly #audit: AuditTrail;
  readonly #tokens: CurrentTokens;
  readonly #limits: UserLimits;
  readonly #now: () => number;
  readonly #logger: Logger;
  /** Mints only (with the clock-skew retry); reads use the inventory's current token, never a new one. */
  readonly #managers = new Map<string, GalaxyTokenManager>();
  readonly #mintLock = new MemoryLock();

  private constructor(options: GalaxyPortalOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
    this.#now = options.now ?? Date.now;
    this.#access = new AccessControl(options.accounts, options.store, this.#logger, this.#now);
    this.#audit = new AuditTrail(options.store, this.#logger, this.#now);
    this.#tokens = new CurrentTokens(options.store, options.cipher, this.#now);
    this.#limits = new UserLimits({ ops: options.rateLimiter, reads: options.readRateLimiter, release: options.releaseRateLimiter });
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
    this.release = new ReleaseConsole({
      access: this.#access,
      audit: this.#audit,
      tokens: this.#tokens,
      limits: this.#limits,
      connection: options.connection,
      logger: this.#logger,
      now: this.#now,
      ...(options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
      ...(options.maxUploadBytes ? { maxUploadBytes: options.maxUploadBytes } : {}),
      ...(options.uploadTimeoutMs ? { uploadTimeoutMs: options.uploadTimeoutMs } : {}),
      ...(options.appLock ? { appLock: options.appLock } : {}),
    });
  }

  /**
   * Opens the portal over an inventory. A TOKEN_ENCRYPTION_KEY that does not open the existing
   * inventory stops start-up (ConfigError) rather than silently orphaning its tokens.
   */
  static async create(options: GalaxyPortalOptions): Promise<GalaxyPortal> {
    await openInventoryKeys(options);
    return new GalaxyPortal(options);
  }

  /** Accounts this user has a role in (empty when none: deny by default), with that role. */
  async accountsFor(userId: string): Promise<AccountView[]> {
    const out: AccountView[] = [];
    for (const { account, role } of this.#access.accountsFor(userId, 'apps.list')) {
      const current = await this.#tokens.current(account.id);
      out.push({ id: account.id, name: account.name, role, scopes: [...account.scopes], token: current ? info(current) : null });
    }
    return out;
  }

  /** Every token of the account in the inventory, newest first (admins). */
  async inventory(userId: string, accountId: string): Promise<InventoryEntryView[]> {
    await this.#access.authorize(userId, accountId, 'token.list');
    const records = await this.#options.store.tokens(accountId);
    return records.reverse().map((r) => ({
      ...info(r),
      scopes: [...r.scopes],
      current: r.current,
      revokedBy: r.revokedBy ?? null,
      tampered: !this.#tokens.opens(r),
    }));
  }

  /**
   * Mints a fresh token, makes it current, revokes the previous one. The only time a token is
   * returned. Serialised per account (across instances when the store is shared), so two mints
   * never both keep a "previous" token alive.
   */
  async mint(userId: string, accountId: string): Promise<MintResult> {
    await this.#limits.hit(userId, 'ops');
    const grant = await this.#access.authorize(userId, accountId, 'token.mint');
    return this.#audit.run(scopeOf(grant), 'token.mint', () => this.#withAccountLock(accountId, () => this.#mintLocked(grant)));
  }

  async #mintLocked({ account, userId }: Grant): Promise<{ result: MintResult; fingerprint: string }> {
    const previous = await this.#tokens.live(account.id);
    const accessToken = await this.#managers.get(account.id)!.mintAccessToken();
    const record = this.#record(account, accessToken, userId);
    try {
      await this.#options.store.addCurrentToken(record);
    } catch (err) {
      // Not recorded means not revocable from here later: take it back now.
      await revokeAccessToken({ ...this.#options.connection, serviceAccountId: account.id, accessToken }).catch(() =>
        this.#logger.error({ event: 'token_orphaned', accountId: account.id, fingerprint: record.fingerprint }, 'a minted token could be neither recorded nor revoked'),
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
        await this.#audit.append({ userId, role: 'admin', accountId: account.id, action: 'token.revoke', outcome: 'error', fingerprint: previous.fingerprint, detail: `replaced; ${code}` });
      }
    }
    return {
      result: { accessToken, token: info(record), previous: previous ? { fingerprint: previous.fingerprint, revoked: previousRevoked } : null },
      fingerprint: record.fingerprint,
    };
  }

  /** Checks the current token at Samsung. */
  async check(userId: string, accountId: string): Promise<{ valid: boolean; checkedAt: string }> {
    await this.#limits.hit(userId, 'reads');
    const grant = await this.#access.authorize(userId, accountId, 'token.check');
    return this.#audit.run(scopeOf(grant), 'token.check', async () => {
      const record = await this.#requireCurrent(accountId);
      const accessToken = this.#tokens.open(record);
      let valid = true;
      try {
        await checkAccessToken({ ...this.#options.connection, serviceAccountId: accountId, accessToken });
      } catch (err) {
        if (!(err instanceof GalaxyApiError) || err.httpStatus !== 401) throw err;
        valid = false;
      }
      return { result: { valid, checkedAt: new Date(this.#now()).toISOString() }, fingerprint: record.fingerprint, detail: valid ? 'valid' : 'invalid' };
    });
  }

  /** Revokes the current token at Samsung. */
  async revoke(userId: string, accountId: string): Promise<{ revoked: true; fingerprint: string }> {
    await this.#limits.hit(userId, 'ops');
    const grant = await this.#access.authorize(userId, accountId, 'token.revoke');
    return this.#audit.run(scopeOf(grant), 'token.revoke', async () => {
      const record = await this.#requireCurrent(accountId);
      if (record.revokedAt) {
        throw new SamsungAuthError('NO_CURRENT_TOKEN', 'The current token is already revoked.', { status: 409, hint: 'Mint a new one if you need one.' });
      }
      await this.#revokeRecord(grant.account, record, userId);
      return { result: { revoked: true as const, fingerprint: record.fingerprint }, fingerprint: record.fingerprint };
    });
  }

  /** Revokes one token of the inventory (current or not) by fingerprint. */
  async revokeToken(userId: string, accountId: string, fingerprint: string): Promise<{ revoked: true; fingerprint: string }> {
    await this.#limits.hit(userId, 'ops');
    const grant = await this.#access.authorize(userId, accountId, 'token.revoke');
    return this.#audit.run(scopeOf(grant), 'token.revoke', async () => {
      const record = (await this.#options.store.tokens(accountId)).find((r) => r.fingerprint === fingerprint && !r.revokedAt);
      if (!record) {
        throw new SamsungAuthError('UNKNOWN_TOKEN', 'No live token of this account has that fingerprint.', { status: 404, hint: 'It may be revoked already; reload the list.' });
      }
      await this.#revokeRecord(grant.account, record, userId);
      return { result: { revoked: true as const, fingerprint }, fingerprint };
    });
  }

  /** Revokes every live token of the account; answers how many were revoked, and how many could not be read. */
  async revokeAll(userId: string, accountId: string): Promise<{ revoked: number; unrevocable: number }> {
    await this.#limits.hit(userId, 'ops');
    const grant = await this.#access.authorize(userId, accountId, 'token.revoke_all');
    return this.#audit.run(scopeOf(grant), 'token.revoke_all', async () => {
      const live = (await this.#options.store.tokens(accountId)).filter((r) => !r.revokedAt);
      let revoked = 0;
      let unrevocable = 0;
      for (const record of live) {
        if (!this.#tokens.opens(record)) {
          unrevocable += 1;
          continue;
        }
        await this.#revokeRecord(grant.account, record, userId);
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
    await this.#limits.hit(userId, 'reads');
    const grant = await this.#access.authorize(userId, accountId, 'contents.list');
    return this.#audit.run(scopeOf(grant), 'contents.list', async () => {
      const { result: list, fingerprint } = await this.#tokens.use(accountId, (accessToken) =>
        new GalaxyApiClient({ ...this.#options.connection, serviceAccountId: accountId, accessToken }).contentList(),
      );
      return { result: list, fingerprint, detail: `${list.length} item(s)` };
    });
  }

  /** Recent audit events of the accounts this user has a role in, newest first. */
  async audit(userId: string, limit = 50): Promise<AuditEvent[]> {
    return this.#audit.recent(this.#access.accountsFor(userId, 'apps.list').map((g) => g.account.id), limit);
  }

  /** An account's id, name and the user's role, for pages (403 for an account without a role). */
  describeAccount(userId: string, accountId: string): { id: string; name: string; role: Role } {
    return this.#access.describe(userId, accountId);
  }

  /** True when this user has a role in at least one account. */
  operatesAny(userId: string): boolean {
    return this.#access.hasAnyRole(userId);
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

  async #requireCurrent(accountId: string): Promise<TokenRecord> {
    const record = await this.#tokens.current(accountId);
    if (!record) {
      throw new SamsungAuthError('NO_CURRENT_TOKEN', 'This account has no current access token.', { status: 409, hint: 'Mint one first.' });
    }
    return record;
  }

  /** Revokes at Samsung (an already-invalid token counts as revoked), then records it. */
  async #revokeRecord(account: ServiceAccountConfig, record: TokenRecord, userId: string, why?: string): Promise<void> {
    let accessToken: string;
    try {
      accessToken = this.#tokens.open(record);
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
    const shared = () => (store.withLock ? store.withLock(`mint:${accountId}`, MINT_LOCK_TTL_MS, fn) : fn());
    return this.#mintLock.withLock(accountId, MINT_LOCK_TTL_MS, shared);
  }
}

function scopeOf(grant: Grant): { userId: string; role: Role; accountId: string } {
  return { userId: grant.userId, role: grant.role, accountId: grant.account.id };
}
