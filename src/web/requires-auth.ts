/** Route protection for the login helper. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SamsungAuthError } from '../errors.js';
import { wantsJson } from './error-response.js';

/**
 * Protects a route: signed-in users pass; others get 401 JSON (API clients, and any method but
 * GET) or a 302 to the login route that comes back here after sign-in (browsers). Mount
 * {@link samsungAuth} first.
 *
 * @example
 * ```ts
 * app.get('/account', requiresAuth(), (req, res) => {
 *   res.send(`Hello ${req.samsungAuth!.user!.id}`);
 * });
 * app.use('/api', requiresAuth()); // every /api route
 * ```
 */
export function requiresAuth(): RequestHandler {
  return (req, res, next) => {
    if (!refusedUnlessSignedIn(req, res, next)) next();
  };
}

/**
 * {@link requiresAuth} as a test inside a handler: false when the user is signed in (go on),
 * true when the request was answered (401 or the login redirect) or passed to `next(err)`.
 */
export function refusedUnlessSignedIn(req: Request, res: Response, next: NextFunction): boolean {
  const context = req.samsungAuth;
  if (!context) {
    next(new SamsungAuthError('INTERNAL', 'requiresAuth() runs before samsungAuth().', { hint: 'Mount samsungAuth() first.' }));
    return true;
  }
  if (context.isAuthenticated) return false;
  if (wantsJson(req) || req.method !== 'GET') {
    res.status(401).set('cache-control', 'no-store').json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
    return true;
  }
  res.redirect(302, context.loginUrl(req.originalUrl));
  return true;
}
