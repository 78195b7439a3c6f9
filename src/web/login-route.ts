/** `GET /auth/login`: starts a sign-in (a fresh state bound to this session) and redirects to signInGate. */
import type { RequestHandler } from 'express';
import { safeReturnTo } from '../account/return-to.js';
import { rawQuery, singleQueryValue } from '../account/callback-params.js';
import { startPendingLogin } from '../account/login-state.js';
import { buildSignInUrl } from '../account/sign-in-url.js';
import { checkLoginParams } from '../account/login-params.js';
import type { AuthRouteContext } from './auth-route-context.js';
import { redirect } from './redirect.js';
import { save } from './session-ops.js';

/** How long a pending login's session outlives its state, so a late callback gets STATE_EXPIRED. */
const PENDING_GRACE_SECONDS = 300;

export function loginRoute(ctx: AuthRouteContext): RequestHandler {
  const { account, logger, now, afterSignIn, https } = ctx;
  let warnedInsecure = false;
  return async (req, res, next) => {
    try {
      await ctx.limited(req, 'login');
      const query = rawQuery(req.originalUrl);
      const returnTo = safeReturnTo(singleQueryValue(query, 'returnTo'), afterSignIn);
      // Per-login signInGate parameters, strictly checked (a bad value is dropped, not passed).
      const params = checkLoginParams({ locale: singleQueryValue(query, 'locale'), countryCode: singleQueryValue(query, 'countryCode'), prompt: singleQueryValue(query, 'prompt') });
      const data = (req.session.samsungAuth ??= {});
      const started = startPendingLogin(data.pending, returnTo, {
        now: now(),
        ttlSeconds: account.stateTtlSeconds,
        max: account.maxPendingLogins,
      });
      data.pending = started.pending;
      // Anonymous until the callback: such a session lives only as long as its sign-in may take
      // (plus a few minutes, so a late return still hears that it expired), so a flood of
      // started logins cannot pile up in the store.
      if (!data.user) req.session.cookie.maxAge = (account.stateTtlSeconds + PENDING_GRACE_SECONDS) * 1000;
      await save(req);
      if (https && !req.secure && !warnedInsecure) {
        warnedInsecure = true;
        logger.warn(
          { event: 'insecure_request_for_https_app' },
          'the app is configured for https but this request arrived over http: set TRUST_PROXY behind a TLS proxy, or the session cookie will not be sent',
        );
      }
      logger.info({ event: 'login_started' }, 'redirecting to signInGate');
      redirect(res, 302, buildSignInUrl(account, started.state, params));
    } catch (err) {
      next(err);
    }
  };
}
