/** Route protection for the login helper. */
import type { RequestHandler } from 'express';
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
    const context = req.samsungAuth;
    if (!context) {
      next(new SamsungAuthError('INTERNAL', 'requiresAuth() runs before samsungAuth().', { hint: 'Mount samsungAuth() first.' }));
      return;
    }
    if (context.isAuthenticated) return next();
    if (wantsJson(req) || req.method !== 'GET') {
      res.status(401).set('cache-control', 'no-store').json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
      return;
    }
    res.redirect(302, context.loginUrl(req.originalUrl));
  };
}
