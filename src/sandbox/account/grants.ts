/**
 * What the sandbox's Samsung Account has granted: authorization codes (single use, 300 s), access
 * tokens (with an expiry and the region that issued them), and refresh tokens that rotate and are
 * single use (PROTOCOL §1.3a). Bounded in memory; never logged.
 */
import { randomBytes } from 'node:crypto';
import { BoundedTtlMap } from './bounded-ttl-map.js';

export const CODE_TTL_SECONDS = 300;
export const REFRESH_TTL_SECONDS = 90 * 24 * 3600;

export interface IssuedCode {
  userId: string;
  redirectUri: string;
  region: string;
  used: boolean;
}

export interface AccessGrant {
  userId: string;
  region: string;
  /** Tokens of one sign-in share a grant id; revoking the refresh token ends them all. */
  grantId: string;
  expiresAt: number;
}

interface RefreshGrant {
  userId: string;
  region: string;
  grantId: string;
  used: boolean;
}

const token = () => randomBytes(18).toString('base64url');

export class AccountGrants {
  readonly #now: () => number;
  readonly codes: BoundedTtlMap<IssuedCode>;
  readonly #access: BoundedTtlMap<AccessGrant>;
  readonly #refresh: BoundedTtlMap<RefreshGrant>;
  readonly #revokedGrants = new Set<string>();
  /** Every access token issued (bounded), for tests that look for leaks. */
  readonly issued: string[] = [];

  constructor(now: () => number) {
    this.#now = now;
    this.codes = new BoundedTtlMap<IssuedCode>(10_000, now);
    this.#access = new BoundedTtlMap<AccessGrant>(20_000, now);
    this.#refresh = new BoundedTtlMap<RefreshGrant>(20_000, now);
  }

  newCode(code: Omit<IssuedCode, 'used'>): string {
    const value = randomBytes(24).toString('base64url');
    this.codes.set(value, { ...code, used: false }, CODE_TTL_SECONDS);
    return value;
  }

  /** A new access token (and, when asked, a refresh token) for one grant. */
  issue(userId: string, region: string, accessSeconds: number, withRefresh: boolean, grantId = token()): { accessToken: string; refreshToken?: string } {
    const accessToken = token();
    this.#access.set(accessToken, { userId, region, grantId, expiresAt: this.#now() + accessSeconds * 1000 }, accessSeconds + 60);
    this.issued.push(accessToken);
    if (this.issued.length > 1000) this.issued.shift();
    if (!withRefresh) return { accessToken };
    const refreshToken = token();
    this.#refresh.set(refreshToken, { userId, region, grantId, used: false }, REFRESH_TTL_SECONDS);
    return { accessToken, refreshToken };
  }

  /** Spends a refresh token: the grant it belongs to, or why not (unknown, used, another region, revoked). */
  spendRefresh(refreshToken: string, region: string): { userId: string; grantId: string } | 'invalid' {
    const grant = this.#refresh.get(refreshToken);
    if (!grant || grant.used || grant.region !== region || this.#revokedGrants.has(grant.grantId)) return 'invalid';
    grant.used = true;
    return { userId: grant.userId, grantId: grant.grantId };
  }

  /** A live access token of this region, or undefined (unknown, expired, revoked). */
  findAccess(accessToken: string, region: string): AccessGrant | undefined {
    const grant = this.#access.get(accessToken);
    if (!grant || grant.region !== region || grant.expiresAt <= this.#now() || this.#revokedGrants.has(grant.grantId)) return undefined;
    return grant;
  }

  /** Revokes the grant an access or refresh token belongs to; false when neither is known here. */
  revoke(value: string, region: string): boolean {
    const grant = this.#access.get(value) ?? this.#refresh.get(value);
    if (!grant || grant.region !== region) return false;
    this.#revokedGrants.add(grant.grantId);
    if (this.#revokedGrants.size > 20_000) this.#revokedGrants.delete(this.#revokedGrants.values().next().value as string);
    return true;
  }
}
