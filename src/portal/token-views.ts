/** What the token routines show of tokens and accounts: fingerprints and dates, never a token (except the one-time mint answer). */
import type { TokenRecord } from './inventory-types.js';
import type { Role } from './roles.js';

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
  /** The user's role in this account. */
  role: Role;
  scopes: string[];
  token: TokenInfo | null;
}

/** The listing of a record. */
export function info(record: TokenRecord): TokenInfo {
  return { fingerprint: record.fingerprint, createdAt: record.createdAt, createdBy: record.createdBy, revokedAt: record.revokedAt ?? null };
}
