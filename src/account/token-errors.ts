/**
 * What the token endpoint's refusals and failures become: typed errors with stable codes. The
 * OAuth error name and Samsung's `error_code` are kept (for logs and `onError`); the response
 * body (which may echo a token) never is.
 */
import * as oidc from 'openid-client';
import { SamsungAuthError, isSamsungAuthError, safeIdentifier } from '../errors.js';
import { describeTarget } from '../http/request.js';

const OAUTH_ERROR_HINTS: Record<string, string> = {
  invalid_client: 'Samsung did not accept the client credentials: check SAMSUNG_CLIENT_ID and SAMSUNG_CLIENT_SECRET.',
  invalid_grant: 'The sign-in code expired or was already used, or the redirect URI differs from the registered one. Sign in again.',
  invalid_request: 'Samsung found the token request malformed; check SAMSUNG_REDIRECT_URI against the registered one.',
  unauthorized_client: 'This client may not use the authorization code grant; check the client registration with Samsung.',
};

/**
 * openid-client errors can carry the response body (and so a token) as their cause; we keep
 * only their code, the OAuth error name and Samsung's `error_code`, never the body.
 */
export function translateError(err: unknown, tokenUrl: string, call: 'exchange' | 'refresh'): SamsungAuthError {
  const target = describeTarget('POST', tokenUrl);
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isSamsungAuthError(e)) return e;
  }
  if (err instanceof oidc.ResponseBodyError) {
    const samsungCode = safeIdentifier(err.cause?.error_code);
    const named = `${safeIdentifier(err.error)}${samsungCode === 'unrecognised' ? '' : `, ${samsungCode}`}`;
    if (call === 'refresh') {
      // A dead or reused refresh token (AUT_1803) means "sign in again", not an outage.
      return new TokenEndpointError('REAUTH_REQUIRED', `${target} refused the refresh token (${named}).`, err.error, samsungCode, {
        status: 401,
        hint: 'Sign in again.',
      });
    }
    return new TokenEndpointError('TOKEN_EXCHANGE_FAILED', `${target} refused the sign-in code (${named}).`, err.error, samsungCode, {
      status: 502,
      hint: OAUTH_ERROR_HINTS[err.error] ?? 'Sign in again; if it keeps failing, check the Samsung client settings.',
    });
  }
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'UNKNOWN';
  if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') {
    return new SamsungAuthError('UPSTREAM_TIMEOUT', `${target} did not answer in time.`, { status: 504, hint: 'Try again shortly.' });
  }
  return new SamsungAuthError('UPSTREAM_INVALID_RESPONSE', `${target} answered in a form that could not be used (${safeIdentifier(code)}).`, {
    status: 502,
    hint: 'Samsung answered in an unexpected form; try again, and check SAMSUNG_TOKEN_URL if it persists.',
  });
}

/**
 * A refusal by Samsung's token endpoint, with the OAuth `error` and Samsung's own `error_code`
 * (e.g. `AUT_1803`) for logs and `onError`; neither reaches a page.
 *
 * @example
 * ```ts
 * function describeFailure(err: SamsungAuthError): string {
 *   return err instanceof TokenEndpointError ? `${err.code} (${err.oauthError}, ${err.samsungErrorCode})` : err.code;
 * }
 * ```
 */
export class TokenEndpointError extends SamsungAuthError {
  override readonly name = 'TokenEndpointError';

  constructor(
    code: 'TOKEN_EXCHANGE_FAILED' | 'REAUTH_REQUIRED',
    message: string,
    /** The OAuth error, e.g. `invalid_grant`. */
    readonly oauthError: string,
    /** Samsung's `error_code`, e.g. `AUT_1803`, or `unrecognised`. */
    readonly samsungErrorCode: string,
    options: { status: number; hint: string },
  ) {
    super(code, message, options);
  }
}
