/**
 * `GET /auth/callback`: Samsung Account's answer. The state is checked and consumed before
 * anything else (and before openid-client sees it, so a browser's mistake is a 4xx and Samsung's
 * a 5xx), then the code is exchanged at the sign-in's regional host, the profile fetched (never
 * blocking the sign-in), the session regenerated and the user put in it.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SamsungAuthError, safeIdentifier } from '../errors.js';
import { parseCallbackParams, rawQuery, type CallbackParams } from '../account/callback-params.js';
import { takePendingLogin, type PendingLogin } from '../account/login-state.js';
import { fetchProfile, type SamsungProfile } from '../account/profile.js';
import type { SamsungTokens } from '../account/token-exchange.js';
import type { AuthRouteContext } from './auth-route-context.js';
import { newCsrfToken } from './csrf.js';
import { sendError, toPublicError } from './error-response.js';
import { redirect } from './redirect.js';
import { requestIdOf } from './request-id.js';
import { cookieSentNow } from './session.js';
import { regenerate, save } from './session-ops.js';
import type { SignedInUser, StoredProfile } from './session-data.js';

export function callbackRoute(ctx: AuthRouteContext): RequestHandler {
  const { logger, exchange } = ctx;
  return async (req, res, next) => {
    let detail: string | undefined;
    try {
      await ctx.limited(req, 'callback');
      const params = parseCallbackParams(rawQuery(req.originalUrl));
      const login = await consumeState(ctx, req, params);
      if (params.error) {
        detail = params.errorDescription;
        throw refusedAtSamsung(params.error);
      }
      if (!params.code) {
        throw new SamsungAuthError('CALLBACK_INVALID', 'The answer from Samsung Account carried no authorization code.', { status: 400, hint: 'Start the sign-in again.' });
      }
      const tokens = await exchange.exchange({ code: params.code, state: params.state!, authServerUrl: params.authServerUrl, apiServerUrl: params.apiServerUrl });
      const profile = await profileOf(ctx, req, tokens);
      // Before the session holds the user: a hook that throws (an allow-list, say) leaves the
      // browser signed out.
      await ctx.options.onSignIn?.(req, tokens, profile);
      await signIn(ctx, req, tokens, profile);
      const region = tokens.authOrigin === new URL(ctx.account.tokenUrl).origin ? 'configured' : 'regional';
      ctx.options.metrics?.signIn(region);
      logger.info({ event: 'signed_in', userId: tokens.userId, region }, 'user signed in');
      redirect(res, 303, login.returnTo);
    } catch (err) {
      await failed(ctx, err, req, res, next, detail);
    }
  };
}

/** The pending login the callback's state belongs to, taken out of the session (single use). */
async function consumeState(ctx: AuthRouteContext, req: Request, params: CallbackParams): Promise<PendingLogin> {
  const { account, now } = ctx;
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
    throw new SamsungAuthError('STATE_MISSING', 'The answer from Samsung Account carried no state.', { status: 400, hint: 'Start the sign-in again from this site.' });
  }
  let login: PendingLogin;
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
  return login;
}

function refusedAtSamsung(error: string): SamsungAuthError {
  return error === 'access_denied'
    ? new SamsungAuthError('ACCESS_DENIED', 'The sign-in was cancelled at Samsung Account.', { status: 403, hint: 'You can try again whenever you like.' })
    : new SamsungAuthError('AUTHORIZATION_ERROR', `Samsung Account answered with an error (${safeIdentifier(error)}).`, {
        status: 400,
        hint: 'Try again; if it keeps happening, the client registration may need checking.',
      });
}

/** The profile, when asked for; a failure is logged with its code and the user signs in with the id alone. */
async function profileOf(ctx: AuthRouteContext, req: Request, tokens: SamsungTokens): Promise<SamsungProfile | undefined> {
  if (ctx.options.fetchProfile === false) return undefined;
  try {
    return await fetchProfile({
      apiOrigin: tokens.apiOrigin,
      userId: tokens.userId,
      accessToken: tokens.accessToken,
      clientId: ctx.account.clientId,
      timeoutMs: ctx.account.timeoutMs,
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      ...(ctx.breakers ? { breaker: ctx.breakers.for(tokens.apiOrigin) } : {}),
    });
  } catch (err) {
    const error = toPublicError(err);
    ctx.logger.warn({ event: 'profile_unavailable', requestId: requestIdOf(req), code: error.code, userId: tokens.userId }, error.message);
    return undefined;
  }
}

/** Session fixation: the signed-in session gets a new id; then the user, tokens and profile go in. */
async function signIn(ctx: AuthRouteContext, req: Request, tokens: SamsungTokens, profile: SamsungProfile | undefined): Promise<void> {
  await regenerate(req);
  const user: SignedInUser = {
    id: tokens.userId,
    signedInAt: ctx.now(),
    accessToken: tokens.accessToken,
    accessTokenIssuedAt: ctx.now(),
    authOrigin: tokens.authOrigin,
    apiOrigin: tokens.apiOrigin,
    ...(tokens.expiresAt !== undefined ? { accessTokenExpiresAt: tokens.expiresAt } : {}),
    ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.refreshTokenExpiresAt !== undefined ? { refreshTokenExpiresAt: tokens.refreshTokenExpiresAt } : {}),
    ...(tokens.apiServerUrl !== undefined ? { apiServerUrl: tokens.apiServerUrl } : {}),
    ...(profile ? { profile: storedProfile(profile) } : {}),
  };
  req.session.samsungAuth = { user, csrf: newCsrfToken() };
  cookieSentNow(req);
  ctx.attachContext(req, req.session.samsungAuth);
  await save(req);
}

function storedProfile(p: SamsungProfile): StoredProfile {
  const { id: _id, ...fields } = p;
  return fields;
}

/** The integrator's onError first (it may answer, or call next() for the built-in page), then ours. */
async function failed(ctx: AuthRouteContext, err: unknown, req: Request, res: Response, next: NextFunction, detail: string | undefined): Promise<void> {
  const error = toPublicError(err);
  ctx.options.metrics?.callbackFailure(error.code);
  // The details (upstream, errno, Samsung's error_code, what to check) are for the operator: the
  // log, under the request id the page shows. The page says what the user can do.
  const samsungErrorCode = (error as { samsungErrorCode?: string }).samsungErrorCode;
  ctx.logger.warn(
    { event: 'sign_in_failed', requestId: requestIdOf(req), code: error.code, status: error.status, hint: error.hint, ...(samsungErrorCode ? { samsungErrorCode } : {}) },
    error.message,
  );
  const builtIn = () => sendError(req, res, error, { ...ctx.errorOptions, detail });
  const onError = ctx.options.onError;
  if (!onError) return builtIn();
  try {
    await onError(error, req, res, (passed?: unknown) => (passed === undefined ? builtIn() : next(passed)));
  } catch (hookError) {
    ctx.logger.error({ event: 'on_error_failed', requestId: requestIdOf(req), message: hookError instanceof Error ? hookError.message.slice(0, 200) : typeof hookError }, 'onError threw');
    if (!res.headersSent) builtIn();
  }
}
