/**
 * How the sandbox judges a service account JWT, as strictly as PROTOCOL §3 asks: RS256 only,
 * signature checked against the public key registered for `iss`, `exp - iat` at most 1200 s, not
 * expired, `iat` not in the future beyond a small skew, scopes within the account's.
 */
import { verify } from 'node:crypto';
import { isGalaxyScope, type GalaxyScope } from '../../galaxy/galaxy-scopes.js';
import type { GalaxyErrorAnswer } from './galaxy-answers.js';
import type { ServiceAccountRecord, ServiceAccounts } from './service-accounts.js';

/** How far in the future `iat` may be: clocks are never exactly equal. */
export const IAT_SKEW_SECONDS = 60;
const MAX_LIFETIME_SECONDS = 1200;

/** Either the account and scopes to issue a token for, or the answer to send. */
export type JwtVerdict =
  | { ok: true; account: ServiceAccountRecord; scopes: GalaxyScope[] }
  | { ok: false; answer: GalaxyErrorAnswer };

const refuse = (status: number, code: string, message: string): JwtVerdict => ({ ok: false, answer: { status, code, message } });
const invalid = (why: string) => refuse(422, 'REQUEST_VALIDATION_FAILED', `JWT validation failed: ${why}`);
const unauthenticated = (why: string) => refuse(401, 'AUTH_REQUIRE', why);

/**
 * Judges the JWT of `POST /auth/accessToken`: 401 `AUTH_REQUIRE` when it cannot be authenticated
 * (alg, iss, signature), 422 when its contents are invalid (times, scopes list), 403 when it asks
 * for a scope the account lacks.
 */
export function verifyServiceAccountJwt(jwt: string, accounts: ServiceAccounts, nowSeconds: number): JwtVerdict {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[\w-]*$/.test(p))) return invalid('not a compact JWS');
  const [h = '', p = '', s = ''] = parts;
  const header = decodeJson(h);
  const claims = decodeJson(p);
  if (!header || !claims) return invalid('header or claims are not JSON objects');
  // Only RS256: "none" and HS256 (signed with the public key as an HMAC secret) are classic forgeries.
  if (header.alg !== 'RS256') return unauthenticated('JWT must be signed with RS256');
  if (header.typ !== undefined && header.typ !== 'JWT') return invalid('typ must be JWT');
  const account = typeof claims.iss === 'string' ? accounts.get(claims.iss) : undefined;
  if (!account) return unauthenticated('Not found service account by iss');
  if (!verify('sha256', Buffer.from(`${h}.${p}`), account.publicKey, Buffer.from(s, 'base64url'))) {
    return unauthenticated('JWT signature is not valid for this service account');
  }
  const { iat, exp } = claims;
  if (!Number.isInteger(iat) || !Number.isInteger(exp)) return invalid('iat and exp must be integers (unix seconds)');
  const iatN = iat as number;
  const expN = exp as number;
  if (expN <= iatN) return invalid('exp must be after iat');
  if (expN - iatN > MAX_LIFETIME_SECONDS) return invalid('exp must not be more than 20 minutes (1200 s) after iat');
  if (expN <= nowSeconds) return invalid('the JWT has expired');
  if (iatN > nowSeconds + IAT_SKEW_SECONDS) return invalid('iat is in the future');
  const scopes = claims.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || new Set(scopes).size !== scopes.length) {
    return invalid('scopes must be a non-empty list without duplicates');
  }
  if (!scopes.every((x) => isGalaxyScope(x) && account.scopes.includes(x))) {
    return refuse(403, 'NO_PERMISSION', 'The scope is not available for this service account');
  }
  return { ok: true, account, scopes: scopes as GalaxyScope[] };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
