/**
 * The signed-in pages: /account (user, session, and the Galaxy accounts this user operates with
 * mint, check, revoke and content actions, the inventory and the audit trail) and the form
 * routes behind it. Works without JavaScript (forms, post/redirect/get); a small script adds a
 * copy button to the one-time token reveal.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { GalaxyPortal } from '../portal/galaxy-portal.js';
import { requiresAuth } from './requires-auth.js';
import { csrfGuard, sameOriginOnly } from './csrf-guard.js';
import { renderView } from './views.js';
import { postRedirectGet } from './page-actions.js';
import type { Logger } from '../log.js';

export interface AccountPagesOptions {
  appOrigin: string;
  idleMinutes: number;
  viewData: Record<string, unknown>;
  galaxy: GalaxyPortal | undefined;
  logger?: Logger;
}

/** The router of the signed-in pages; mount it at `/account` (its paths are relative to that). */
export function accountPages(options: AccountPagesOptions): Router {
  const router = express.Router();
  const { galaxy } = options;

  router.get('/', requiresAuth(), async (req, res, next) => {
    try {
      const ctx = req.samsungAuth!;
      const userId = ctx.user!.id;
      const data = req.session.samsungAuth!;
      const flash = data.flash;
      if (flash) delete data.flash;
      const accounts = galaxy ? await galaxy.accountsFor(userId) : [];
      // The token inventory is an admin's; other roles see the account and its role only.
      const inventories = galaxy ? await Promise.all(accounts.map((a) => (a.role === 'admin' ? galaxy.inventory(userId, a.id) : []))) : [];
      const audit = galaxy ? await galaxy.audit(userId, 30) : [];
      page(res, 'account', {
        ...options.viewData,
        user: ctx.user,
        signedInAt: ctx.signedInAt,
        expiresAt: ctx.expiresAt,
        idleMinutes: options.idleMinutes,
        csrfToken: ctx.csrfToken,
        logoutPath: '/auth/logout',
        flash,
        galaxyEnabled: Boolean(galaxy),
        accounts: accounts.map((a, i) => ({ ...a, inventory: inventories[i] })),
        audit,
      });
    } catch (err) {
      next(err);
    }
  });

  if (!galaxy) return router;

  router.use('/galaxy', sameOriginOnly(), requiresAuth(), express.urlencoded({ extended: false, limit: '4kb' }), csrfGuard(options.appOrigin));

  const id = (req: Request) => String(req.params.id);
  const user = (req: Request) => req.samsungAuth!.user!.id;

  /** Runs an action, then redirects to /account with a one-time notice (success or failure). */
  const prg = (action: (req: Request) => Promise<string>) => postRedirectGet(action, () => '/account', options.logger);

  router.post('/galaxy/:id/token', async (req, res, next) => {
    try {
      const minted = await galaxy.mint(user(req), id(req));
      // The one time the token is shown: in this response only, never stored in the session.
      page(res, 'token-reveal', { ...options.viewData, account: galaxy.describeAccount(user(req), id(req)), accessToken: minted.accessToken, token: minted.token, previous: minted.previous });
    } catch (err) {
      next(err);
    }
  });
  router.post(
    '/galaxy/:id/check',
    prg(async (req) => {
      const r = await galaxy.check(user(req), id(req));
      return r.valid ? `The current token of ${id(req)} is valid (checked ${r.checkedAt}).` : `The current token of ${id(req)} is NOT valid at Samsung (checked ${r.checkedAt}).`;
    }),
  );
  router.post(
    '/galaxy/:id/revoke',
    prg(async (req) => `Revoked the current token ${(await galaxy.revoke(user(req), id(req))).fingerprint} of ${id(req)}.`),
  );
  router.post(
    '/galaxy/:id/revoke-all',
    prg(async (req) => `Revoked ${(await galaxy.revokeAll(user(req), id(req))).revoked} live token(s) of ${id(req)}.`),
  );
  router.post(
    '/galaxy/:id/tokens/:fingerprint/revoke',
    prg(async (req) => `Revoked token ${(await galaxy.revokeToken(user(req), id(req), String(req.params.fingerprint))).fingerprint}.`),
  );
  router.get('/galaxy/:id/contents', async (req, res, next) => {
    try {
      const contents = await galaxy.contents(user(req), id(req));
      page(res, 'contents', { ...options.viewData, accountId: id(req), contents });
    } catch (err) {
      next(err);
    }
  });
  return router;
}

function page(res: Response, view: string, data: Record<string, unknown>): void {
  res.set('cache-control', 'no-store');
  res.type('html').send(renderView(view, data));
}

