/**
 * Access token operations (PROTOCOL §2.3, §2.4; seeds 001 and 003): request one with a signed
 * JWT, check it, revoke it. Access tokens never expire and are as powerful as the key: they are
 * returned to the caller and never put in a message.
 */
import { SamsungAuthError } from '../errors.js';
import { withRetries } from '../http/retry.js';
import { GalaxyApiError } from './galaxy-error.js';
import {
  checkHeaderValue,
  readDateHeader,
  readGalaxyJson,
  sendGalaxyRequest,
  unexpectedShape,
  type GalaxyConnection,
} from './lib/send-galaxy-request.js';

/** Options of {@link requestAccessToken}: the JWT and the connection. */
export interface RequestAccessTokenOptions extends GalaxyConnection {
  /** The signed JWT from {@link createGalaxyJwt}. */
  jwt: string;
}

/** What `POST /auth/accessToken` granted. */
export interface AccessTokenGrant {
  accessToken: string;
  /** The server's `Date` header, when sent (clock skew measurement). */
  serverDate?: Date;
}

/** Options of the calls made with an access token. */
export interface AccessTokenCallOptions extends GalaxyConnection {
  serviceAccountId: string;
  accessToken: string;
}

/**
 * `POST /auth/accessToken` with the JWT in the Authorization header and an empty body.
 *
 * @throws {@link GalaxyApiError} on 401 (`AUTH_REQUIRE`: bad iss or key), 403 (`NO_PERMISSION`:
 *   scope), 422 (`REQUEST_VALIDATION_FAILED`: the JWT, usually its times); `JWT_INVALID_INPUT`
 *   for a malformed JWT (before any network call); `UPSTREAM_*` for network problems.
 * @example
 * ```ts
 * const { accessToken } = await requestAccessToken({ jwt });
 * ```
 */
export async function requestAccessToken(options: RequestAccessTokenOptions): Promise<AccessTokenGrant> {
  if (typeof options.jwt !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(options.jwt)) {
    throw new SamsungAuthError('JWT_INVALID_INPUT', 'The JWT is not three base64url parts separated by dots.', { status: 400 });
  }
  // Minting is not idempotent: retried only when Samsung surely did not mint (5xx, 429, refused
  // connection), never after a timeout, when a token may exist that we never saw.
  const res = await retrying(options, isRetryableMintFailure, () =>
    sendGalaxyRequest({
      ...options,
      method: 'POST',
      path: '/auth/accessToken',
      // Samsung wants the JWT in the header only; a body (even the JWT) is answered 401 [observed].
      headers: { authorization: `Bearer ${options.jwt}`, 'content-type': 'application/json' },
    }),
  );
  const body = readGalaxyJson(res) as { ok?: unknown; createdItem?: { accessToken?: unknown } } | undefined;
  const token = body?.createdItem?.accessToken;
  if (body?.ok !== true || typeof token !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(token)) {
    throw unexpectedShape(res, 'an access token ({"ok":true,"createdItem":{"accessToken":...}})');
  }
  return { accessToken: token, serverDate: readDateHeader(res.headers) };
}

/**
 * `GET /auth/checkAccessToken`: resolves when the token is valid for this service account.
 *
 * @throws {@link GalaxyApiError} 401 `AUTH_REQUIRE` when revoked, unknown, or another account's.
 * @example
 * ```ts
 * await checkAccessToken({ serviceAccountId, accessToken, apiUrl: 'https://devapi.samsungapps.com' });
 * ```
 */
export async function checkAccessToken(options: AccessTokenCallOptions): Promise<void> {
  await okCall(options, 'GET', '/auth/checkAccessToken');
}

/**
 * `DELETE /auth/revokeAccessToken`: the token stops working everywhere.
 *
 * @throws {@link GalaxyApiError} 401 `AUTH_REQUIRE` when already revoked or unknown.
 * @example
 * ```ts
 * await revokeAccessToken({ serviceAccountId, accessToken });
 * ```
 */
export async function revokeAccessToken(options: AccessTokenCallOptions): Promise<void> {
  // Revoking twice is harmless: retried on 5xx, 429 and timeouts too.
  await retrying(options, isRetryableRevokeFailure, () => okCall(options, 'DELETE', '/auth/revokeAccessToken'));
}

function retrying<T>(connection: GalaxyConnection, retryable: (err: unknown) => boolean, attempt: () => Promise<T>): Promise<T> {
  if (connection.retry === false) return attempt();
  return withRetries(attempt, { ...connection.retry, retryable });
}

function isRetryableMintFailure(err: unknown): boolean {
  if (err instanceof GalaxyApiError) return err.httpStatus >= 500 || err.httpStatus === 429;
  if (!(err instanceof SamsungAuthError) || err.code !== 'UPSTREAM_UNREACHABLE') return false;
  return /\((ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\)/.test(err.message);
}

function isRetryableRevokeFailure(err: unknown): boolean {
  if (err instanceof GalaxyApiError) return err.httpStatus >= 500 || err.httpStatus === 429;
  return err instanceof SamsungAuthError && (err.code === 'UPSTREAM_TIMEOUT' || err.code === 'UPSTREAM_UNREACHABLE');
}

async function okCall(options: AccessTokenCallOptions, method: 'GET' | 'DELETE', path: string): Promise<void> {
  const res = await sendGalaxyRequest({
    ...options,
    method,
    path,
    headers: {
      authorization: `Bearer ${checkHeaderValue(options.accessToken, 'access token')}`,
      'service-account-id': checkHeaderValue(options.serviceAccountId, 'service account id'),
    },
  });
  const body = readGalaxyJson(res) as { ok?: unknown } | undefined;
  if (body?.ok !== true) throw unexpectedShape(res, '{"ok":true}');
}

