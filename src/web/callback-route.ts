/**
 * `GET /auth/callback`: Samsung Account's answer. The state is checked and consumed before
 * anything else (and before openid-client sees it, so a browser's mistake is a 4xx and Samsung's
 * a 5xx), then the code is exchanged, the session regenerated and the user put in it.
 */
import type { RequestHandler } from 'express';
import { SamsungAuthError, safeIdentifier } from '../errors.js';
import { parseCallbackParams, rawQuery } from '../account/callback-params.js';
import { takePendingLogin } from '../account/login-state.js';
import type { AuthRouteContext } from './auth-route-context.js';
import { newCsrfToken } from './csrf.js';
import { sendError, toPublicError } from './error-response.js';
import { redirect } from './redirect.js';
import { requestIdOf } from './request-id.js';
import { cookieSentNow } from './session.js';
import { regenerate, save } from './session-ops.js';

export function callbackRoute(ctx: AuthRouteContext): RequestHandler {
  const { account, logger, now, exchange } = ctx;
  return async (req, res) => {
    let detail: string | undefined;
    try {
      await ctx.limited(req, 'callback');
      const params = parseCallbackParams(rawQuery(req.originalUrl));
      const data = req.session.samsungAuth;
      // No sign-in ever started here. (One that was, but whose states are all used or expired,
      // answers STATE_MISMATCH / STATE_EXPIRED below.)
      if (!data?.pending) {
        throw new SamsungAuthError('LOGIN_NOT_STARTED', 'This browser has no sign-in in progress, so the answer from Samsung Account cannot be trusted.', {
          status: 400,
          hint: 'Check the causes above, then start the sign-in again.',
        });
      }
      if (!params.state) {
        throw new SamsungAuthError('STATE_MISSING', 'The answer from Samsung Account carried no state.', {
          status: 400,
          hint: 'Start the sign-in again from this site.',
        });
      }
      let login;
      try {
        const taken = takePendingLogin(data.pending, params.state, { now: now(), ttlSeconds: account.stateTtlSeconds });
        login = taken.login;
        data.pending = taken.pending;
      } catch (err) {
        // Still drop expired entries / the expired one, so they cannot be tried again.
        data.pending = data.pending.filter((p) => now() - p.createdAt < account.stateTtlSeconds * 1000);
        await save(req);
        throw err;
      }
      // Single use: the state is gone from the store before anything else happens.
      await save(req);

      if (params.error) {
        detail = params.errorDescription;
        throw params.error === 'access_denied'
          ? new SamsungAuthError('ACCESS_DENIED', 'The sign-in was cancelled at Samsung Account.', {
              status: 403,
              hint: 'You can try again whenever you like.',
            })
          : new SamsungAuthError('AUTHORIZATION_ERROR', `Samsung Account answered with an error (${safeIdentifier(params.error)}).`, {
              status: 400,
              hint: 'Try again; if it keeps happening, the client registration may need checking.',
            });
      }
      if (!params.code) {
        throw new SamsungAuthError('CALLBACK_INVALID', 'The answer from Samsung Account carried no authorization code.', {
          status: 400,
          hint: 'Start the sign-in again.',
        });
      }

      const tokens = await exchange.exchange({ code: params.code, state: params.state, authServerUrl: params.authServerUrl });
      // Before the session holds the user: a hook that throws (an allow-list, a failed profile
      // load) leaves the browser signed out.
      await ctx.options.onSignIn?.(req, tokens);

      // Session fixation: the signed-in session gets a new id.
      await regenerate(req);
      req.session.samsungAuth = {
        user: {
          id: tokens.userId,
          signedInAt: now(),
          accessToken: tokens.accessToken,
          ...(tokens.expiresAt !== undefined ? { accessTokenExpiresAt: tokens.expiresAt } : {}),
          ...(tokens.apiServerUrl !== undefined ? { apiServerUrl: tokens.apiServerUrl } : {}),
        },
        csrf: newCsrfToken(),
      };
      cookieSentNow(req);
      ctx.attachContext(req, req.session.samsungAuth);
      await save(req);
      logger.info({ event: 'signed_in', userId: tokens.userId }, 'user signed in');
      redirect(res, 303, login.returnTo);
    } catch (err) {
      const error = toPublicError(err);
      // The details (upstream, errno, what to check) are for the operator: the log, under the
      // request id the page shows. The page says what the user can do.
      logger.warn({ event: 'sign_in_failed', requestId: requestIdOf(req), code: error.code, status: error.status, hint: error.hint }, error.message);
      sendError(req, res, error, { ...ctx.errorOptions, detail });
    }
  };
}
