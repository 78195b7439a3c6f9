/**
 * helmet, set for a login helper: a strict CSP whose form-action lets the logout form's redirect
 * reach the Samsung account host (Chrome applies form-action to redirects after a POST),
 * `frame-ancestors 'none'`, `Referrer-Policy: no-referrer`, HSTS on https only.
 */
import helmet from 'helmet';
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
  const https = options.baseUrl.startsWith('https:');
  const accountOrigin = new URL(options.accountUrl).origin;
  return helmet({
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
  });
}
