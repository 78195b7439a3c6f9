/**
 * The token inventory and audit trail: every Galaxy access token minted through the portal
 * (sealed, never in clear), and every operator action. A Galaxy token never expires, so the
 * inventory is what makes each one revocable later.
 */
import type { GalaxyScope } from '../galaxy/galaxy-scopes.js';
import type { PortalAction, Role } from './roles.js';

export interface TokenRecord {
  /** `sha256:` + 16 base64url characters of the token's SHA-256: names it without revealing it. */
  fingerprint: string;
  accountId: string;
  scopes: GalaxyScope[];
  createdAt: string;
  /** Samsung user id of the operator who minted it. */
  createdBy: string;
  /** The access token, sealed with TOKEN_ENCRYPTION_KEY (AES-256-GCM, bound to this record). */
  sealedToken: string;
  /** The account's current token: the one minted last (at most one per account; it may be revoked). */
  current: boolean;
  revokedAt?: string;
  revokedBy?: string;
}

export type AuditAction = PortalAction;

export interface AuditEvent {
  at: string;
  /** Samsung user id of the operator. */
  userId: string;
  /** Their role in the account when they acted (absent when they have none). */
  role?: Role;
  accountId: string;
  /** The app acted on, for release actions. */
  contentId?: string;
  action: AuditAction;
  /** `forbidden`: the user's role does not allow it, or the account (or app) is unknown; `conflict`: another action on the app was under way. */
  outcome: 'ok' | 'error' | 'forbidden' | 'conflict';
  fingerprint?: string;
  /** Samsung's answer: its error code when it refused, `0000` / `ok` when it accepted. */
  samsungCode?: string;
  /** Error code when outcome is error; for checks, `valid` / `invalid`; what was done otherwise. */
  detail?: string;
}

/** Where the inventory lives: a file under DATA_DIR in the embedded default. */
export interface InventoryStore {
  /** A check value sealed with the current key; undefined for a new store. */
  getKeyCheck(): Promise<string | undefined>;
  setKeyCheck(sealed: string): Promise<void>;
  /** The account's tokens, oldest first. */
  tokens(accountId: string): Promise<TokenRecord[]>;
  /** Adds a token as the account's current one (the previous current one stops being current). */
  addCurrentToken(record: TokenRecord): Promise<void>;
  /** Marks a token revoked (it stays current until another is minted). Returns the updated record, if any. */
  markRevoked(accountId: string, fingerprint: string, by: string, at: string): Promise<TokenRecord | undefined>;
  /** The token stops being current without being revoked (its stored copy is unreadable). */
  retireCurrent(accountId: string, fingerprint: string): Promise<void>;
  /** Replaces a token's sealed value (re-sealed under the current key). */
  resealToken(accountId: string, fingerprint: string, sealedToken: string): Promise<void>;
  appendAudit(event: AuditEvent): Promise<void>;
  /** The most recent events for these accounts, newest first. */
  recentAudit(accountIds: readonly string[], limit: number): Promise<AuditEvent[]>;
  /**
   * Runs `fn` holding a lock shared by every instance using this store (one holder at a time;
   * a crashed holder's lock expires after `ttlMs`). Absent on single-process stores.
   */
  withLock?<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
