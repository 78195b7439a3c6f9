/** `POST /auth/logout` (GET answers 405): ends the session here, then sends the browser to signOutGate. */
import express, { type RequestHandler } from 'express';
import { SamsungAuthError } from '../errors.js';
import { buildSignOutUrl } from '../account/sign-out-url.js';
import type { AuthRouteContext } from './auth-route-context.js';
import { verifyCsrf } from './csrf.js';
import { sendError, toPublicError } from './error-response.js';
import { redirect } from './redirect.js';
import { requestIdOf } from './request-id.js';
import { cookieNameOf, destroy } from './session-ops.js';

export function logoutGetRoute(ctx: AuthRouteContext): RequestHandler {
  return (req, res) => {
    res.set('allow', 'POST');
    sendError(req, res, new SamsungAuthError('BAD_REQUEST', 'Signing out needs a POST (use the Sign out button).', { status: 405 }), ctx.errorOptions);
  };
}

/** The form parser of the logout route: 4 KiB at most. */
export const logoutBody = express.urlencoded({ extended: false, limit: '4kb' });

export function logoutRoute(ctx: AuthRouteContext): RequestHandler {
  const { account, logger, appOrigin, https } = ctx;
  return async (req, res) => {
    try {
      const data = req.session.samsungAuth;
      if (!data?.user) {
        // Nothing to end here; do not bounce an anonymous browser through signOutGate.
        redirect(res, 303, '/');
        return;
      }
      verifyCsrf(req, data.csrf, appOrigin);
      const user = data.user;
      await destroy(req);
      res.clearCookie(cookieNameOf(req), { path: '/', httpOnly: true, sameSite: 'lax', secure: https });
      // After the local session is gone, whatever Samsung answers: best effort, within a budget.
      if (ctx.options.revokeOnSignOut !== false && user.authOrigin) {
        const revoked = await ctx.exchange.revoke(user, user.authOrigin);
        if (!revoked) logger.warn({ event: 'sign_out_revoke_failed', userId: user.id }, 'Samsung did not confirm the revocation of the tokens');
      }
      logger.info({ event: 'signed_out', userId: user.id }, 'user signed out');
      redirect(res, 303, buildSignOutUrl(account));
    } catch (err) {
      const error = toPublicError(err);
      logger.warn({ event: 'sign_out_refused', requestId: requestIdOf(req), code: error.code }, error.message);
      sendError(req, res, error, { ...ctx.errorOptions, retryPath: '/' });
    }
  };
}
