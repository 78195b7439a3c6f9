/**
 * The portal's Galaxy JSON API (a contract outside tests rely on). Signed-in users only (401
 * otherwise), each call allowed by the user's role in the account, CSRF on every state-changing
 * route, errors `{"error":{"code","message"}}`. Mount it at `/api/galaxy` (its paths are relative
 * to that); the release console's routes are under `/accounts/:accountId/apps`.
 */
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import type { GalaxyPortal } from '../portal/galaxy-portal.js';
import { requiresAuth } from './requires-auth.js';
import { csrfGuard, sameOriginOnly } from './csrf-guard.js';
import { releaseApiRouter } from './release-api-routes.js';

type Handler = (req: Request, userId: string) => Promise<unknown>;

export function galaxyApiRouter(portal: GalaxyPortal, options: { appOrigin: string; now?: () => number }): Router {
  const router = express.Router();
  router.use(sameOriginOnly(), requiresAuth());
  // IAP items with many country prices need more room than the token routes' small bodies.
  router.use('/accounts/:accountId/apps', express.json({ limit: '64kb' }), csrfGuard(options.appOrigin), releaseApiRouter(portal.release, options));
  router.use(express.json({ limit: '16kb' }), csrfGuard(options.appOrigin));

  const json = (handler: Handler, status = 200) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = await handler(req, req.samsungAuth!.user!.id);
      res.status(status).set('cache-control', 'no-store').json(body);
    } catch (err) {
      next(err);
    }
  };
  const id = (req: Request) => String(req.params.id);

  router.get('/accounts', json((_req, user) => portal.accountsFor(user)));
  router.post('/accounts/:id/token', json((req, user) => portal.mint(user, id(req)), 201));
  router.get('/accounts/:id/token/check', json((req, user) => portal.check(user, id(req))));
  router.delete('/accounts/:id/token', json(async (req, user) => ({ revoked: (await portal.revoke(user, id(req))).revoked })));
  router.get('/accounts/:id/tokens', json((req, user) => portal.inventory(user, id(req))));
  router.delete('/accounts/:id/tokens', json((req, user) => portal.revokeAll(user, id(req))));
  router.delete('/accounts/:id/tokens/:fingerprint', json((req, user) => portal.revokeToken(user, id(req), String(req.params.fingerprint))));
  router.get('/accounts/:id/contents', json((req, user) => portal.contents(user, id(req))));
  router.get('/audit', json((req, user) => portal.audit(user, Number(req.query.limit ?? 50) || 50)));
  return router;
}
