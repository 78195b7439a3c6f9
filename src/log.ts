/**
 * Structured logs (pino) with redaction. We never log secrets on purpose; redaction is the
 * second line of defence for fields that might carry one by accident (headers, bodies, tokens).
 */
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

/** A pino logger; the library's options take any pino-compatible logger. */
export type Logger = PinoLogger;

/** Field paths censored wherever they appear. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.client_secret',
  '*.clientSecret',
  '*.code',
  '*.state',
  '*.access_token',
  '*.accessToken',
  '*.refresh_token',
  '*.token',
  '*.privateKey',
  '*.sessionId',
  '*.sid',
  '*.secret',
  '*.password',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to capture them. */
  destination?: DestinationStream;
  name?: string;
}

/**
 * A pino logger with this library's redaction paths (cookies, authorization headers, codes,
 * states, tokens, secrets), for the `logger` options of {@link samsungAuth} and the portal.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info', name: 'my-portal' });
 * logger.info({ event: 'started' }, 'portal started');
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'samsung-auth-kit',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** A logger that drops everything (the library's default when none is given). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * The request path for logs. Query values are left out altogether (they carry codes, states and
 * whatever else a client puts there); the parameter names are kept, which is what debugging needs.
 */
export function loggablePath(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  if (q < 0) return originalUrl.slice(0, 512);
  const names = [...new Set(new URLSearchParams(originalUrl.slice(q + 1)).keys())].map((k) => k.slice(0, 64));
  return `${originalUrl.slice(0, Math.min(q, 512))}?${names.join('&').slice(0, 256)}`;
}
