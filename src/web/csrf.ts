/**
 * CSRF defence for state-changing routes: the session's synchronizer token (form field `_csrf`
 * or header `x-csrf-token`) and a same-origin check on `Origin` / `Sec-Fetch-Site`.
 */
import { timingSafeEqual } from 'node:crypto';
import { randomToken } from '../lib/random-token.js';
import type { Request } from 'express';
import { SamsungAuthError } from '../errors.js';

export function newCsrfToken(): string {
  return randomToken(32);
}

function refused(reason: string): SamsungAuthError {
  return new SamsungAuthError('CSRF_INVALID', `This request was refused: ${reason}.`, {
    status: 403,
    hint: 'Reload the page and try again from this site.',
  });
}

/** Throws CSRF_INVALID unless the request is same-origin and carries the session's token. */
export function verifyCsrf(req: Request, expectedToken: string | undefined, allowedOrigin: string): void {
  const origin = req.get('origin');
  const site = req.get('sec-fetch-site');
  if (origin === 'null') {
    // Pages served with Referrer-Policy: no-referrer make browsers send `Origin: null` even on
    // same-origin form posts; Sec-Fetch-Site (set by the browser, not by scripts) then decides.
    if (site !== 'same-origin') throw refused('its origin could not be verified');
  } else if (origin !== undefined) {
    if (origin !== allowedOrigin) throw refused('it came from another site');
  } else if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw refused('it came from another site');
  }
  const body = req.body as Record<string, unknown> | undefined;
  const sent = req.get('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
  if (!expectedToken || !sent) throw refused('the form token is missing');
  const a = Buffer.from(sent);
  const b = Buffer.from(expectedToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw refused('the form token does not match this session');
}
