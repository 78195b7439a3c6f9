/**
 * CSRF on every state-changing route (POST, PUT, PATCH, DELETE; forms and JSON): the session's
 * token and a same-origin request, see {@link verifyCsrf}. GET and HEAD pass (they change nothing).
 */
import type { RequestHandler } from 'express';
import { verifyCsrf } from './csrf.js';

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
