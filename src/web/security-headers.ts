/**
 * helmet, set for a login helper: a strict CSP whose form-action lets the logout form's redirect
 * reach the Samsung account host (Chrome applies form-action to redirects after a POST),
 * `frame-ancestors 'none'`, `Referrer-Policy: no-referrer`, HSTS on https only.
 *
 * helmet works the headers out once, here: every one of them is static (no directive depends on
 * the request), so the middleware replays what helmet set on a recording response instead of
 * running helmet's dozen middlewares per request (measured ~3 µs a request on the bench server).
 */
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** Options of {@link securityHeaders}. */
export interface SecurityHeadersOptions {
  /** The app's base URL (https turns on HSTS and upgrade-insecure-requests). */
  baseUrl: string;
  /** The Samsung account URL (signOutGate lives there). */
  accountUrl: string;
}

/**
 * helmet, set for a login helper: strict CSP with a `form-action` that admits the Samsung
 * account host (for the redirect after the logout POST), `frame-ancestors 'none'`,
 * `Referrer-Policy: no-referrer`, HSTS on https only.
 *
 * @example
 * ```ts
 * app.use(securityHeaders({ baseUrl: 'https://portal.example.com', accountUrl: 'https://account.samsung.com' }));
 * ```
 */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const { set, removed } = recorded(helmet(helmetOptions(options)));
  return (_req, res, next) => {
    for (let i = 0; i < set.length; i += 2) res.setHeader(set[i]!, set[i + 1]!);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/** The policy, as helmet's options (exported for the test that compares with helmet run per request). */
export function helmetOptions(options: SecurityHeadersOptions): HelmetOptions {
  const https = options.baseUrl.startsWith('https:');
  const accountOrigin = new URL(options.accountUrl).origin;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'form-action': ["'self'", accountOrigin],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  };
}

/**
 * What a helmet middleware does to a response: the headers it sets (name, value, name, value...)
 * and those it removes (X-Powered-By). It must finish synchronously without an error, as
 * helmet 8 does for options without per-request functions; anything else is refused here. The
 * request it gets is empty: a helmet that read the request would need the per-request path back
 * (test/web/security-headers.test.ts compares the result with helmet's own, on http and https).
 */
function recorded(policy: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): { set: string[]; removed: string[] } {
  const set: string[] = [];
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new TypeError(`securityHeaders: helmet set ${name} to a non-string value`);
      set.push(name, value);
      return res;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let finished = false;
  policy({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('securityHeaders: helmet did not finish synchronously');
  return { set, removed };
}
