/**
 * `GET /api/account/profile`: the signed-in user's live Samsung profile, fetched with a valid
 * access token (refreshed first when it is about to expire). A dead grant answers 401
 * `REAUTH_REQUIRED` with the login URL; never a 5xx for it.
 */
import type { RequestHandler } from 'express';
import { isSamsungAuthError } from '../errors.js';
import { fetchProfile } from '../account/profile.js';
import type { FetchLike } from '../http/request.js';
import { requestIdOf } from './request-id.js';

/** @param options.apiUrl the API host for sessions that recorded none (signed in before regional hosts were kept). */
export function liveProfile(options: { apiUrl: string; timeoutMs: number; clientId: string; fetch?: FetchLike }): RequestHandler {
  return async (req, res, next) => {
    const ctx = req.samsungAuth!;
    try {
      const accessToken = await ctx.getAccessToken();
      const user = req.session.samsungAuth!.user!;
      const profile = await fetchProfile({
        apiOrigin: user.apiOrigin ?? new URL(options.apiUrl).origin,
        userId: user.id,
        accessToken,
        clientId: options.clientId,
        timeoutMs: options.timeoutMs,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      res.set('cache-control', 'no-store').json({
        id: profile.id,
        name: profile.name ?? null,
        givenName: profile.givenName ?? null,
        familyName: profile.familyName ?? null,
        email: profile.email ?? null,
        countryCode: profile.countryCode ?? null,
        photoUrl: profile.photoUrl ?? null,
      });
    } catch (err) {
      if (isSamsungAuthError(err) && err.code === 'REAUTH_REQUIRED') {
        res.status(401).set('cache-control', 'no-store').json({
          error: { code: err.code, message: err.message, hint: 'Sign in again.', loginUrl: ctx.loginUrl(req.originalUrl.startsWith('/api/') ? undefined : req.originalUrl), requestId: requestIdOf(req) },
        });
        return;
      }
      next(err);
    }
  };
}
