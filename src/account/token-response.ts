/**
 * Normalises Samsung's token response before openid-client validates it (PROTOCOL §1.3).
 *
 * Seed 004 answers `"refresh_token": -1` (a number), which openid-client v6 rejects as it comes
 * (OAUTH_INVALID_RESPONSE); observed responses carry numbers as strings ("863909", "-1") and may
 * omit `expires_in`. We keep what is meaningful and drop what only means "none".
 */
import { SamsungAuthError } from '../errors.js';

/**
 * Samsung's token response made acceptable to OAuth clients: numbers-as-strings become numbers,
 * `-1` / `"-1"` (no refresh token) are dropped, `token_type` defaults to `Bearer`.
 *
 * @throws {@link SamsungAuthError} `UPSTREAM_INVALID_RESPONSE` when it is not an object with an
 *   `access_token` and a `userId`.
 * @example
 * ```ts
 * normaliseTokenResponse({ access_token: 'AT', userId: 'y0zpz1a2b3', refresh_token: -1, expires_in: '3600' });
 * // { access_token: 'AT', userId: 'y0zpz1a2b3', expires_in: 3600, token_type: 'Bearer' }
 * ```
 */
export function normaliseTokenResponse(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`a JSON ${body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body}`);
  }
  const json: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  if (json.error !== undefined) return json; // an OAuth error: let openid-client report it

  if (typeof json.access_token !== 'string' || json.access_token === '') {
    throw invalid(json.access_token === undefined ? 'no access_token' : 'an access_token that is not a string');
  }
  if (typeof json.userId === 'number') json.userId = String(json.userId);
  if (typeof json.userId !== 'string' || json.userId === '') throw invalid('no userId');

  json.token_type = typeof json.token_type === 'string' && json.token_type ? json.token_type : 'Bearer';

  const expiresIn = toSeconds(json.expires_in) ?? toSeconds(json.access_token_expires_in);
  if (expiresIn === undefined) delete json.expires_in;
  else json.expires_in = expiresIn;
  const accessExpiresIn = toSeconds(json.access_token_expires_in);
  if (accessExpiresIn === undefined) delete json.access_token_expires_in;
  else json.access_token_expires_in = accessExpiresIn;

  // -1 / "-1" / "" mean "no refresh token".
  if (typeof json.refresh_token !== 'string' || json.refresh_token === '' || json.refresh_token === '-1') {
    delete json.refresh_token;
    delete json.refresh_token_expires_in;
  } else {
    const refreshIn = toSeconds(json.refresh_token_expires_in);
    if (refreshIn === undefined) delete json.refresh_token_expires_in;
    else json.refresh_token_expires_in = refreshIn;
  }
  return json;
}

/** A positive whole number of seconds from a number or a numeric string; undefined otherwise. */
function toSeconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function invalid(what: string): SamsungAuthError {
  return new SamsungAuthError('UPSTREAM_INVALID_RESPONSE', `Samsung's token endpoint answered with ${what}.`, {
    status: 502,
    hint: 'Samsung answered in an unexpected form; try again, and check SAMSUNG_TOKEN_URL if it persists.',
  });
}
