/**
 * CSRF on every state-changing route (POST, PUT, PATCH, DELETE; forms and JSON): the session's
 * token and a same-origin request, see {@link verifyCsrf}. GET and HEAD pass (they change nothing).
 */
import type { RequestHandler } from 'express';
import { verifyCsrf } from './csrf.js';
import { SamsungAuthError } from '../errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfGuard(appOrigin: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    try {
      verifyCsrf(req, req.samsungAuth?.csrfToken, appOrigin);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Refuses requests a browser marks as coming from another site (`Sec-Fetch-Site: cross-site` or
 * `same-site`), whatever the method: a cross-site link cannot make the Galaxy routes do anything,
 * not even a read that may mint a token. Clients that send no such header (API clients) pass.
 */
export function sameOriginOnly(): RequestHandler {
  return (req, _res, next) => {
    const site = req.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') {
      next(new SamsungAuthError('CSRF_INVALID', 'This request was refused: it came from another site.', { status: 403, hint: 'Open the portal directly.' }));
      return;
    }
    next();
  };
}
