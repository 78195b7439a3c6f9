/**
 * The JWT a service account signs to ask for an access token (PROTOCOL §2.2, seeds 000/001):
 * header `{"alg":"RS256","typ":"JWT"}`, claims `iss`, `scopes`, `iat`, `exp`, with `exp - iat`
 * never above 1200 s. Signed with `node:crypto` directly: one RSA signature and two small JSON
 * encodings, nothing else, so minting costs what the raw primitive costs.
 *
 * Two paths: {@link createGalaxyJwt} signs on the calling thread (a CLI, a script);
 * {@link createGalaxyJwtAsync} signs on a pool of signing threads (one per core, below the event
 * loop's priority; see lib/rsa-sign-pool.ts), so a server keeps its event loop free and
 * concurrent mints use every core.
 */
import { sign, type KeyObject } from 'node:crypto';
import { SamsungAuthError } from '../errors.js';
import { RsaSignPool } from './lib/rsa-sign-pool.js';
import { validateScopes, type GalaxyScope } from './galaxy-scopes.js';
import type { ServiceAccountKey } from './load-private-key.js';

/** Samsung's ceiling on `exp - iat` (seed 001: "not exceeding 20 minutes"). */
export const MAX_JWT_LIFETIME_SECONDS = 1200;
/**
 * `iat` is set this far in the past by default. Samsung refuses an `iat` in its future; if our
 * clock runs a little ahead of Samsung's, a JWT stamped "now" would be refused. Backdating moves
 * `iat` safely into the past; `exp` moves with it, so `exp - iat` stays within 1200 s.
 */
export const DEFAULT_BACKDATE_SECONDS = 30;
/** Backdating further than this would only shorten the JWT's useful life. */
const MAX_BACKDATE_SECONDS = 300;

/** The claims Samsung reads, in the order the seeds list them. */
export interface GalaxyJwtClaims {
  iss: string;
  scopes: GalaxyScope[];
  iat: number;
  exp: number;
}

/** Options of {@link createGalaxyJwt} and {@link createGalaxyJwtClaims}. */
export interface CreateJwtOptions {
  /** The service account id from Seller Portal; becomes `iss`. */
  serviceAccountId: string;
  /** Non-empty subset of `publishing` / `gss`, no duplicates (array or comma-separated string). */
  scopes: readonly GalaxyScope[] | string;
  /** The key from {@link loadPrivateKey}, or an RSA private KeyObject. */
  privateKey: ServiceAccountKey | KeyObject;
  /** Local time in milliseconds; default `Date.now()`. Injected by tests and the token manager. */
  now?: number;
  /** Server time minus local time, in seconds (learnt from a `Date` header); default 0. */
  clockOffsetSeconds?: number;
  /** `exp - iat`, 1..1200; default 1200. */
  lifetimeSeconds?: number;
  /** How far `iat` is set in the past, 0..300; default 30 (see {@link DEFAULT_BACKDATE_SECONDS}). */
  backdateSeconds?: number;
}

const HEADER_B64 = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');

/**
 * Checks the inputs and computes the claims. Everything that can be refused is refused here,
 * before any key operation or network call.
 *
 * @throws {@link SamsungAuthError} `JWT_INVALID_INPUT`.
 * @example
 * ```ts
 * const claims = createGalaxyJwtClaims({ serviceAccountId: 'my-id', scopes: 'publishing', privateKey, now: Date.now() });
 * claims.exp - claims.iat; // 1200
 * ```
 */
export function createGalaxyJwtClaims(options: CreateJwtOptions): GalaxyJwtClaims {
  const iss = options.serviceAccountId;
  if (typeof iss !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(iss)) {
    throw invalid('The service account id must be 1 to 128 printable characters without spaces.');
  }
  const scopes = validateScopes(options.scopes);
  const lifetime = options.lifetimeSeconds ?? MAX_JWT_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_JWT_LIFETIME_SECONDS) {
    throw invalid(`The JWT lifetime must be a whole number of seconds from 1 to ${MAX_JWT_LIFETIME_SECONDS}.`);
  }
  const backdate = options.backdateSeconds ?? Math.min(DEFAULT_BACKDATE_SECONDS, lifetime - 1);
  if (!Number.isInteger(backdate) || backdate < 0 || backdate > MAX_BACKDATE_SECONDS || backdate >= lifetime) {
    throw invalid(`The iat backdate must be 0 to ${MAX_BACKDATE_SECONDS} s and shorter than the lifetime.`);
  }
  const offset = options.clockOffsetSeconds ?? 0;
  if (!Number.isFinite(offset)) throw invalid('The clock offset must be a finite number of seconds.');
  const now = options.now ?? Date.now();
  if (!Number.isFinite(now)) throw invalid('The current time must be a finite number of milliseconds.');
  const iat = Math.floor(now / 1000 + offset) - backdate;
  return { iss, scopes: [...scopes], iat, exp: iat + lifetime };
}

/**
 * Signs claims as an RS256 JWT with the given key. Claims are not re-checked: build them with
 * {@link createGalaxyJwtClaims}.
 *
 * @example
 * ```ts
 * const claims = createGalaxyJwtClaims({ serviceAccountId: 'my-id', scopes: ['publishing'], privateKey });
 * const token = signGalaxyJwt(claims, privateKey);
 * ```
 */
export function signGalaxyJwt(claims: GalaxyJwtClaims, privateKey: ServiceAccountKey | KeyObject): string {
  const keyObject = rsaKeyObject(privateKey);
  const input = signingInput(claims);
  return `${input}.${sign('sha256', Buffer.from(input), keyObject).toString('base64url')}`;
}

/** The process's signing threads, started on the first async mint. */
const signPool = new RsaSignPool();

/**
 * {@link signGalaxyJwt} with the RSA signature computed on a signing thread (one per core, started
 * on first use, stopped when idle): the event loop is free while it runs.
 *
 * @example
 * ```ts
 * const privateKey = await loadPrivateKey({ file: 'galaxy.pem' });
 * const claims = createGalaxyJwtClaims({ serviceAccountId: 'my-id', scopes: ['publishing'], privateKey });
 * const token = await signGalaxyJwtAsync(claims, privateKey);
 * ```
 */
export function signGalaxyJwtAsync(claims: GalaxyJwtClaims, privateKey: ServiceAccountKey | KeyObject): Promise<string> {
  let keyObject: KeyObject;
  try {
    keyObject = rsaKeyObject(privateKey);
  } catch (err) {
    return Promise.reject(err);
  }
  const input = signingInput(claims);
  return signPool.sign(input, keyObject).then((signature) => `${input}.${signature}`);
}

function rsaKeyObject(privateKey: ServiceAccountKey | KeyObject): KeyObject {
  const keyObject = 'keyObject' in privateKey ? privateKey.keyObject : privateKey;
  if (keyObject.type !== 'private' || keyObject.asymmetricKeyType !== 'rsa') {
    throw invalid('The signing key must be an RSA private key; load it with loadPrivateKey().');
  }
  return keyObject;
}

function signingInput(claims: GalaxyJwtClaims): string {
  return `${HEADER_B64}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
}

/**
 * Creates the signed JWT for `POST /auth/accessToken`.
 *
 * @example
 * ```ts
 * const key = await loadPrivateKey({ file: 'galaxy.pem' });
 * const jwt = createGalaxyJwt({ serviceAccountId: 'my-id', scopes: ['publishing'], privateKey: key });
 * ```
 * @throws {@link SamsungAuthError} `JWT_INVALID_INPUT` on bad input.
 */
export function createGalaxyJwt(options: CreateJwtOptions): string {
  return signGalaxyJwt(createGalaxyJwtClaims(options), options.privateKey);
}

/**
 * {@link createGalaxyJwt} for servers: the same JWT, signed off the event loop (on signing
 * threads, one per core), so concurrent mints run on every core and requests keep being served
 * meanwhile. Bad input rejects with the same errors.
 *
 * @example
 * ```ts
 * const key = await loadPrivateKey({ file: 'galaxy.pem' });
 * const jwt = await createGalaxyJwtAsync({ serviceAccountId: 'my-id', scopes: ['publishing'], privateKey: key });
 * ```
 * @throws {@link SamsungAuthError} `JWT_INVALID_INPUT` (as a rejection) on bad input;
 * `JWT_SIGN_FAILED` if a signing thread dies mid-signature.
 */
export function createGalaxyJwtAsync(options: CreateJwtOptions): Promise<string> {
  let claims: GalaxyJwtClaims;
  try {
    claims = createGalaxyJwtClaims(options);
  } catch (err) {
    return Promise.reject(err);
  }
  return signGalaxyJwtAsync(claims, options.privateKey);
}

function invalid(message: string): SamsungAuthError {
  return new SamsungAuthError('JWT_INVALID_INPUT', message, { status: 400 });
}
