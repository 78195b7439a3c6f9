/**
 * The CLI's exit codes, documented in `--help`, and the one place errors are mapped to them and
 * turned into a one-paragraph message (never a stack trace, never a secret).
 */
import { isSamsungAuthError } from '../errors.js';

export const EXIT = Object.freeze({
  OK: 0,
  /** Galaxy Store refused, or answered something unexpected. */
  UPSTREAM: 1,
  /** Bad command line or input. */
  USAGE: 2,
  /** The private key is missing, unreadable, too open, or not a usable key. */
  KEY: 3,
  /** The API could not be reached in time. */
  NETWORK: 4,
  /** A bug. */
  INTERNAL: 5,
  /** The outcome is not known (an answer lost and not resolved, a step not seen, a wait ran out): look before acting. */
  AMBIGUOUS: 6,
});

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  Galaxy Store refused the request (or answered something unexpected)
  2  usage error (unknown option, missing or invalid value)
  3  private key problem (missing, unreadable, permissions too open, encrypted, not RSA 2048+)
  4  network problem (API unreachable or too slow)
  5  internal error (a bug; please report it)
  6  outcome unknown, needs a look (an answer was lost and could not be resolved, a step
     was not seen in contentInfo, or a wait ran out); nothing further was changed`;

export function exitCodeFor(err: unknown): number {
  if (!isSamsungAuthError(err)) return EXIT.INTERNAL;
  if (err.code.startsWith('KEY_')) return EXIT.KEY;
  switch (err.code) {
    case 'CLI_USAGE':
    case 'JWT_INVALID_INPUT':
    case 'GALAXY_INVALID_INPUT':
    case 'GALAXY_FILE_UNREADABLE':
    case 'CONFIG_INVALID':
      return EXIT.USAGE;
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_UNREACHABLE':
    case 'UPSTREAM_CIRCUIT_OPEN':
      return EXIT.NETWORK;
    case 'GALAXY_AMBIGUOUS_OUTCOME':
    case 'GALAXY_STEP_NOT_VERIFIED':
    case 'GALAXY_WAIT_TIMEOUT':
      return EXIT.AMBIGUOUS;
    case 'GALAXY_UPLOAD_URL_REFUSED':
    case 'GALAXY_UPLOAD_SIZE_MISMATCH':
    case 'GALAXY_PUBLISH_REFUSED':
    case 'GALAXY_API_ERROR':
    case 'UPSTREAM_INVALID_RESPONSE':
    case 'UPSTREAM_REDIRECT':
    case 'UPSTREAM_BODY_TOO_LARGE':
      return EXIT.UPSTREAM;
    default:
      return EXIT.INTERNAL;
  }
}

/**
 * One paragraph: what happened, then what to do. Library messages are already free of secrets;
 * an unexpected error shows only its class name, since its message is not under our control.
 */
export function describeError(err: unknown): string {
  if (!isSamsungAuthError(err)) {
    const name = err instanceof Error ? err.name : typeof err;
    return `samsung-auth: unexpected internal error (${name}). This is a bug; please report it with the command you ran (without secrets).`;
  }
  const text = `${err.message}${err.hint ? ` ${err.hint}` : ''}`;
  return `samsung-auth: ${text.replace(/\s*\n\s*/g, ' ').trim()}`;
}
