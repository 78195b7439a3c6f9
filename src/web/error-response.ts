/**
 * Turns an error into what the client asked for: `{"error":{"code","message"}}` for JSON
 * clients, an error page for browsers. Only our own errors' messages are shown; anything else
 * becomes a plain INTERNAL error (no stack trace, no internals).
 */
import type { Request, Response } from 'express';
import { SamsungAuthError, type ErrorCode } from '../errors.js';
import { GalaxyApiError } from '../galaxy/galaxy-error.js';
import { renderView } from './views.js';
import { requestIdOf } from './request-id.js';

const TITLES: Partial<Record<ErrorCode, string>> = {
  LOGIN_NOT_STARTED: 'Your sign-in could not be matched to this browser',
  STATE_MISSING: 'The sign-in response was incomplete',
  STATE_MISMATCH: 'The sign-in response was not for this browser',
  STATE_EXPIRED: 'The sign-in expired',
  CALLBACK_INVALID: 'The sign-in response was malformed',
  ACCESS_DENIED: 'Sign-in was cancelled',
  AUTHORIZATION_ERROR: 'Samsung Account refused the sign-in',
  TOKEN_EXCHANGE_FAILED: 'Samsung Account did not complete the sign-in',
  UPSTREAM_TIMEOUT: 'Samsung did not answer in time',
  UPSTREAM_UNREACHABLE: 'Samsung could not be reached',
  UPSTREAM_INVALID_RESPONSE: 'Samsung answered in an unexpected way',
  UPSTREAM_BODY_TOO_LARGE: 'Samsung answered in an unexpected way',
  UPSTREAM_REDIRECT: 'Samsung answered in an unexpected way',
  UPSTREAM_CIRCUIT_OPEN: 'Samsung is having trouble',
  STORE_UNAVAILABLE: 'Briefly unavailable',
  INTERNAL: 'Something went wrong',
  UNAUTHENTICATED: 'Please sign in',
  CSRF_INVALID: 'This request was refused',
  NOT_FOUND: 'Page not found',
  BAD_REQUEST: 'This request could not be understood',
  FORBIDDEN: 'You do not operate this service account',
  NO_CURRENT_TOKEN: 'There is no current token',
  UNKNOWN_TOKEN: 'No such token',
  RATE_LIMITED: 'Too many requests',
  GALAXY_API_ERROR: 'Galaxy Store refused the request',
  TOKEN_STORE_CORRUPT: 'A stored token could not be read',
};

/**
 * What a user is told instead of our internals (upstream URLs, errno, settings to check): for
 * these codes the page and JSON answer say what the user can do; the details go to the log,
 * under the request id the answer shows.
 */
const PUBLIC_FACES: Partial<Record<ErrorCode, { message: string; hint: string }>> = {
  TOKEN_EXCHANGE_FAILED: { message: 'Samsung Account did not complete the sign-in.', hint: 'Please sign in again. If it keeps failing, contact support and quote the reference below.' },
  UPSTREAM_TIMEOUT: { message: "Samsung's servers did not answer in time.", hint: 'Try again in a few minutes.' },
  UPSTREAM_UNREACHABLE: { message: "Samsung's servers could not be reached.", hint: 'Try again in a few minutes.' },
  UPSTREAM_INVALID_RESPONSE: { message: 'Samsung answered in a way this site could not use.', hint: 'Try again in a few minutes.' },
  UPSTREAM_BODY_TOO_LARGE: { message: 'Samsung answered in a way this site could not use.', hint: 'Try again in a few minutes.' },
  UPSTREAM_REDIRECT: { message: 'Samsung answered in a way this site could not use.', hint: 'Try again in a few minutes.' },
  UPSTREAM_CIRCUIT_OPEN: { message: "Samsung's servers are having trouble, so this site paused its calls to them.", hint: 'Try again shortly.' },
  STORE_UNAVAILABLE: { message: 'This service is briefly unavailable.', hint: 'Try again in a moment.' },
  CONFIG_INVALID: { message: 'This service is not set up correctly.', hint: 'Contact support and quote the reference below.' },
  INTERNAL: { message: 'Something went wrong on our side.', hint: 'Try again shortly; if it keeps happening, contact support and quote the reference below.' },
};

/** The message and hint a client may see for this error (ours are free of secrets; these of internals too). */
export function publicFace(error: SamsungAuthError): { message: string; hint: string | undefined } {
  const face = PUBLIC_FACES[error.code];
  if (!face) return { message: error.message, hint: error.hint };
  const wait = error.retryAfterSeconds;
  return { message: face.message, hint: wait !== undefined && error.code === 'UPSTREAM_CIRCUIT_OPEN' ? `Try again in ${wait} s.` : face.hint };
}

/** The usual causes of a lost sign-in, shown when the browser came back without its session. */
export const LOST_SESSION_CAUSES = [
  'Cookies are blocked for this site, so the browser could not keep the sign-in going.',
  'The portal was opened over http but is configured for https (or the other way round).',
  'The portal runs behind a proxy or load balancer and "trust proxy" is not set, so its secure cookie was never sent.',
  'The sign-in was started under another host name (for example localhost vs 127.0.0.1) than the one Samsung returned to.',
  'The portal restarted or another instance answered, and sessions are kept in memory.',
];

export interface ErrorResponseOptions {
  /** Where "Try again" leads. */
  retryPath: string;
  /** Extra view data (app name, sandbox badge). */
  view?: Record<string, unknown>;
  /** Text from the upstream to show escaped (e.g. error_description). */
  detail?: string | undefined;
}

export function toPublicError(err: unknown): SamsungAuthError {
  if (err instanceof SamsungAuthError) return err;
  const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  const type = (err as { type?: unknown })?.type;
  if (status === 413 || type === 'entity.too.large') {
    return new SamsungAuthError('BAD_REQUEST', 'The request body is too large.', { status: 413 });
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new SamsungAuthError('BAD_REQUEST', 'The request could not be understood.', { status });
  }
  return new SamsungAuthError('INTERNAL', 'Something went wrong on our side.', { status: 500, hint: 'Try again shortly.' });
}

export function wantsJson(req: Request): boolean {
  if (req.path.startsWith('/api/')) return true;
  return req.accepts(['html', 'json']) === 'json';
}

export function sendError(req: Request, res: Response, error: SamsungAuthError, options: ErrorResponseOptions): void {
  if (res.headersSent) {
    // Too late for an answer (e.g. the session store failed while the response was ending).
    if (!res.writableEnded) res.destroy();
    return;
  }
  const requestId = requestIdOf(req);
  const { message, hint } = publicFace(error);
  res.status(error.status);
  res.set('cache-control', 'no-store');
  res.set('x-request-id', requestId);
  if (error.retryAfterSeconds !== undefined) res.set('retry-after', String(error.retryAfterSeconds));
  // Galaxy errors keep Samsung's code (AUTH_REQUIRE, NO_PERMISSION, ...) and what it said.
  const galaxy = error instanceof GalaxyApiError ? error : undefined;
  const code = galaxy && galaxy.galaxyCode !== 'UNKNOWN' ? galaxy.galaxyCode : error.code;
  if (wantsJson(req)) {
    res.json({
      error: {
        code,
        message,
        ...(hint ? { hint } : {}),
        requestId,
        ...(galaxy ? { upstreamStatus: galaxy.httpStatus, ...(galaxy.from ? { from: galaxy.from } : {}) } : {}),
      },
    });
    return;
  }
  const lostSession = error.code === 'LOGIN_NOT_STARTED';
  res.type('html').send(
    renderView('error', {
      ...options.view,
      title: TITLES[error.code] ?? 'Something went wrong',
      message,
      hint,
      detail: options.detail?.slice(0, 300),
      requestId,
      causes: lostSession ? LOST_SESSION_CAUSES : [],
      code,
      status: error.status,
      retryPath: options.retryPath,
    }),
  );
}
