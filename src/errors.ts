/**
 * Every error this library raises is a {@link SamsungAuthError} with a stable string `code`,
 * an HTTP `status` that fits it, a plain message, and where it helps a `hint` saying what to do
 * next. Callers `switch (err.code)`; the original low-level failure is kept as `cause`.
 *
 * Messages never carry secrets: no client secret, code, state, token, key bytes or session id.
 */

/** Codes raised by configuration, the HTTP layer and the Samsung Account sign-in. */
export type AccountErrorCode =
  | 'CONFIG_INVALID'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNREACHABLE'
  | 'UPSTREAM_BODY_TOO_LARGE'
  | 'UPSTREAM_REDIRECT'
  | 'UPSTREAM_INVALID_RESPONSE'
  | 'UPSTREAM_CIRCUIT_OPEN'
  | 'STORE_UNAVAILABLE'
  | 'SHUTTING_DOWN'
  | 'STATE_MISSING'
  | 'STATE_MISMATCH'
  | 'STATE_EXPIRED'
  | 'LOGIN_NOT_STARTED'
  | 'CALLBACK_INVALID'
  | 'ACCESS_DENIED'
  | 'AUTHORIZATION_ERROR'
  | 'TOKEN_EXCHANGE_FAILED'
  | 'REAUTH_REQUIRED'
  | 'PROFILE_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'CSRF_INVALID'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'INTERNAL';

/** Codes raised by the Galaxy Store toolkit (keys, JWT, access tokens, API calls). */
export type GalaxyErrorCode =
  | 'KEY_NOT_FOUND'
  | 'KEY_UNREADABLE'
  | 'KEY_PERMISSIONS_TOO_OPEN'
  | 'KEY_ENCRYPTED'
  | 'KEY_NOT_RSA'
  | 'KEY_TOO_SMALL'
  | 'KEY_IS_PUBLIC'
  | 'KEY_IS_CERTIFICATE'
  | 'KEY_MALFORMED'
  | 'JWT_INVALID_INPUT'
  | 'JWT_SIGN_FAILED'
  | 'GALAXY_INVALID_INPUT'
  | 'GALAXY_API_ERROR'
  | 'TOKEN_STORE_CORRUPT'
  | 'CLI_USAGE';

/** Codes raised by uploads and the publish flow (`samsung-auth publish` and friends). */
export type PublishErrorCode =
  | 'GALAXY_FILE_UNREADABLE'
  | 'GALAXY_UPLOAD_URL_REFUSED'
  | 'GALAXY_UPLOAD_SIZE_MISMATCH'
  | 'UPLOAD_ABORTED'
  | 'GALAXY_PUBLISH_REFUSED'
  | 'GALAXY_STEP_NOT_VERIFIED'
  | 'GALAXY_AMBIGUOUS_OUTCOME'
  | 'GALAXY_WAIT_TIMEOUT';

/** Codes raised by the portal's Galaxy routines (authorization, inventory, rate limits). */
export type PortalErrorCode =
  | 'FORBIDDEN'
  | 'NO_CURRENT_TOKEN'
  | 'UNKNOWN_TOKEN'
  | 'RATE_LIMITED'
  | 'RELEASE_IN_PROGRESS'
  | 'RELEASE_STATE_CONFLICT'
  | 'CONFIRMATION_REQUIRED'
  | 'UPLOAD_TOO_LARGE'
  | 'UPLOAD_INVALID';

/** Every code a {@link SamsungAuthError} can carry: `switch (err.code)`. docs/errors.md explains each one. */
export type ErrorCode = AccountErrorCode | GalaxyErrorCode | PublishErrorCode | PortalErrorCode;

/** Options of the {@link SamsungAuthError} constructor. */
export interface SamsungAuthErrorOptions {
  /** HTTP status to answer with when this error reaches a client. */
  status?: number;
  /** What to do next, in plain words. */
  hint?: string;
  cause?: unknown;
}

/**
 * The one error class of this library (and the base of {@link ConfigError} and
 * {@link GalaxyApiError}): a stable `code`, the HTTP `status` that fits it, a plain message
 * without secrets, a `hint` saying what to do, and the original failure as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await loadPrivateKey({ file: 'secrets/galaxy.pem' });
 * } catch (err) {
 *   if (!isSamsungAuthError(err)) throw err;
 *   switch (err.code) {
 *     case 'KEY_NOT_FOUND':
 *     case 'KEY_PERMISSIONS_TOO_OPEN':
 *       console.error(`${err.message} ${err.hint ?? ''}`);
 *       break;
 *     default:
 *       throw err;
 *   }
 * }
 * ```
 */
export class SamsungAuthError extends Error {
  override readonly name: string = 'SamsungAuthError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly hint: string | undefined;
  /** Seconds a client should wait before trying again (429, 503), when known. */
  retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: SamsungAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 500;
    this.hint = options.hint;
  }
}

/** A configuration error lists every problem found, not just the first. */
export interface ConfigProblem {
  /** The variable (or option) at fault, e.g. `SESSION_SECRET`. */
  variable: string;
  /** What is wrong with it. */
  problem: string;
  /** An example of a good value. */
  example?: string;
}

/**
 * Bad options or environment (code `CONFIG_INVALID`): `problems` lists every one found, not just
 * the first, and the message prints them one per line.
 *
 * @example
 * ```ts
 * try {
 *   samsungAuth({ clientId: '', clientSecret: '', aliasId: 'alias', redirectUri: 'not a URL', signOutUrl: 'https://portal.example.com/' });
 * } catch (err) {
 *   if (err instanceof ConfigError) for (const p of err.problems) console.error(`${p.variable}: ${p.problem}`);
 * }
 * ```
 */
export class ConfigError extends SamsungAuthError {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(
      'CONFIG_INVALID',
      `Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems
          .map((p) => `  - ${p.variable}: ${p.problem}${p.example ? ` (example: ${p.example})` : ''}`)
          .join('\n'),
      { status: 500, hint: 'Fix the variables listed above (see .env.example), then start again.' },
    );
    this.problems = Object.freeze([...problems]);
  }
}

/** What a failing session or token store answers: 503 with Retry-After, never a crash. */
export function storeUnavailable(err: unknown): SamsungAuthError {
  const error = new SamsungAuthError('STORE_UNAVAILABLE', 'The session and token store is not reachable right now.', {
    status: 503,
    hint: 'Try again in a moment.',
    cause: err,
  });
  error.retryAfterSeconds = 1;
  return error;
}

/** An upstream word (an OAuth error name, a code) fit for a message, or "unrecognised". */
export function safeIdentifier(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : 'unrecognised';
}

/**
 * True when `err` is a {@link SamsungAuthError} (any subclass), so `err.code` is an {@link ErrorCode}.
 *
 * @example
 * ```ts
 * function describe(err: unknown): string {
 *   return isSamsungAuthError(err) ? `${err.code}: ${err.hint ?? err.message}` : 'unexpected error';
 * }
 * ```
 */
export function isSamsungAuthError(err: unknown): err is SamsungAuthError {
  return err instanceof SamsungAuthError;
}
