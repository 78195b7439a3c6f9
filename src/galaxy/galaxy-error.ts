/**
 * The error for a Galaxy Store API that answered with an error status (PROTOCOL §2.3, §2.4):
 * Samsung's own `code` / `message` / `from`, the HTTP status, and a `hint` naming the most likely
 * cause in plain words (wrong scope, wrong service-account-id header, revoked token, clock skew).
 */
import { SamsungAuthError } from '../errors.js';
import { readAnyMessage, readErrorEnvelope } from './lib/error-envelope.js';
import { hintForSamsungCode } from './lib/samsung-codes.js';

/** Samsung's error types seen so far; any other string may come too. */
export type GalaxyErrorType = 'AUTH_REQUIRE' | 'NO_PERMISSION' | 'REQUEST_VALIDATION_FAILED' | (string & {});

/** What Galaxy Store answered, as a {@link GalaxyApiError} carries it. */
export interface GalaxyApiErrorDetails {
  /** The HTTP status Galaxy Store answered with. */
  httpStatus: number;
  /** Samsung's `code` (e.g. `AUTH_REQUIRE`), or `UNKNOWN` when the body had none. */
  galaxyCode: GalaxyErrorType;
  /** Samsung's `message`, cleaned of control characters and cut short. */
  galaxyMessage?: string;
  /** Samsung's `from` (e.g. `asgw`, the API gateway). */
  from?: string;
  /** Method and path, e.g. `GET /auth/checkAccessToken`. */
  endpoint: string;
  /** The server's `Date` header, when it sent one (used to measure clock skew). */
  serverDate?: Date;
}

/**
 * Galaxy Store refused a call. `code` is always `GALAXY_API_ERROR`; `status` is 502 (what to
 * answer a client of ours: the upstream refused), while `httpStatus` is what Galaxy answered.
 *
 * @example
 * ```ts
 * try {
 *   await checkAccessToken({ serviceAccountId, accessToken });
 * } catch (err) {
 *   if (err instanceof GalaxyApiError && err.galaxyCode === 'AUTH_REQUIRE') console.error('revoked:', err.hint);
 *   else throw err;
 * }
 * ```
 */
export class GalaxyApiError extends SamsungAuthError {
  override readonly name = 'GalaxyApiError';
  readonly httpStatus: number;
  readonly galaxyCode: GalaxyErrorType;
  readonly galaxyMessage: string | undefined;
  readonly from: string | undefined;
  readonly endpoint: string;
  readonly serverDate: Date | undefined;

  constructor(details: GalaxyApiErrorDetails, target: string) {
    const code = details.galaxyCode === 'UNKNOWN' ? '' : ` ${details.galaxyCode}`;
    const said = details.galaxyMessage ? `: ${details.galaxyMessage}` : '';
    super('GALAXY_API_ERROR', `${target} answered HTTP ${details.httpStatus}${code}${said}.`, {
      status: 502,
      hint: explainGalaxyError(details),
    });
    this.httpStatus = details.httpStatus;
    this.galaxyCode = details.galaxyCode;
    this.galaxyMessage = details.galaxyMessage;
    this.from = details.from;
    this.endpoint = details.endpoint;
    this.serverDate = details.serverDate;
  }

  /** True when the access token (not the JWT) was refused: the one case worth a fresh token. */
  get isTokenRefused(): boolean {
    return this.httpStatus === 401 && this.galaxyCode === 'AUTH_REQUIRE' && !this.endpoint.endsWith('/auth/accessToken');
  }
}

/**
 * The likely cause of a Galaxy error, in plain words, for messages and `samsung-auth doctor`
 * (every {@link GalaxyApiError} carries it as `hint`).
 *
 * @example
 * ```ts
 * explainGalaxyError({ httpStatus: 403, galaxyCode: 'NO_PERMISSION', endpoint: 'POST /auth/accessToken' });
 * // 'Wrong scope: the JWT asks for a scope this service account lacks; ...'
 * ```
 */
export function explainGalaxyError(d: Pick<GalaxyApiErrorDetails, 'httpStatus' | 'galaxyCode' | 'galaxyMessage' | 'endpoint'>): string {
  const minting = d.endpoint.endsWith('/auth/accessToken');
  const status = d.httpStatus;
  const known = hintForSamsungCode(d.galaxyCode);
  if (known) return known;
  if (minting) {
    if (status === 401) {
      return (
        'Samsung did not accept the JWT: the service account id (iss) is wrong, or the key is not the one ' +
        'downloaded for this service account, or the JWT was not sent in the Authorization header.'
      );
    }
    if (status === 403) {
      return 'Wrong scope: the JWT asks for a scope this service account lacks; request only the scopes chosen in Seller Portal.';
    }
    if (status === 422) {
      return (
        "Samsung found the JWT invalid, most often because of its times: check this machine's clock (clock skew; " +
        '"samsung-auth doctor" measures it) and that exp - iat is at most 1200 s.'
      );
    }
  } else {
    if (status === 401 && /service ?account/i.test(d.galaxyMessage ?? '')) {
      return 'Wrong service-account-id header: it must be the id of the service account the token was created for.';
    }
    if (status === 401) {
      return 'The access token was revoked, never issued, or belongs to another service account (check the service-account-id header); request a new token.';
    }
    if (status === 403) {
      return 'Wrong scope: the token does not cover this API (Content Publish and IAP need "publishing", GSS needs "gss").';
    }
    if (status === 422) return 'Samsung refused the request parameters; check the body and the query.';
  }
  if (status === 404) return 'No such endpoint: check the API URL (GALAXY_API_URL) and the path.';
  if (status === 429) return 'Too many requests: slow down and retry later.';
  if (status >= 500) return 'Galaxy Store is failing or unreachable behind its gateway; try again later.';
  return 'See the Galaxy Store Developer API documentation for this status.';
}

/**
 * Reads Samsung's error body with the one envelope decoder (`lib/error-envelope.ts`), tolerant of
 * every shape seen in the wild and of bodies that are not JSON at all.
 */
export function readGalaxyErrorBody(
  text: string,
  /** Values we sent (token, JWT) that must not come back into a message if the server echoes them. */
  secrets: readonly string[] = [],
): Pick<GalaxyApiErrorDetails, 'galaxyCode' | 'galaxyMessage' | 'from'> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { galaxyCode: 'UNKNOWN', galaxyMessage: text.trim() === '' ? undefined : 'the body is not JSON' };
  }
  return galaxyErrorFields(readErrorEnvelope(body) ?? { code: 'UNKNOWN', ...readAnyMessage(body) }, secrets);
}

/** An envelope's code, message and origin, cleaned for messages. */
export function galaxyErrorFields(
  e: { code: string; message?: string; from?: string },
  secrets: readonly string[] = [],
): Pick<GalaxyApiErrorDetails, 'galaxyCode' | 'galaxyMessage' | 'from'> {
  return {
    galaxyCode: /^[A-Z0-9_]{1,64}$/i.test(e.code) ? e.code : 'UNKNOWN',
    galaxyMessage: e.message === undefined ? undefined : cleanMessage(e.message, secrets),
    from: e.from?.slice(0, 32),
  };
}

/**
 * Server text ends up in our messages and logs: strip control characters, cut it short, and blank
 * anything shaped like a token or JWT in case the server echoes what it was sent.
 */
function cleanMessage(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) if (secret.length >= 8) text = text.split(secret).join('[redacted]');
  return text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/[A-Za-z0-9_\-.+/=]{32,}/g, '[redacted]')
    .slice(0, 200)
    .trim();
}
