/**
 * `/auth/accessToken`, `/auth/checkAccessToken`, `/auth/revokeAccessToken` (seeds 001, 003) and the
 * middleware every token-authenticated route shares.
 */
import express, { type RequestHandler } from 'express';
import type { GalaxyScope } from '../../galaxy/galaxy-scopes.js';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';
import { INVALID_TOKEN, UNKNOWN_ACCOUNT, sendGalaxyError } from './galaxy-answers.js';
import type { IssuedToken, IssuedTokens } from './issued-tokens.js';
import type { ServiceAccountRecord, ServiceAccounts } from './service-accounts.js';
import { verifyServiceAccountJwt } from './verify-service-account-jwt.js';

export interface GalaxyRouteContext {
  counters: Counters;
  faults: Faults;
  accounts: ServiceAccounts;
  tokens: IssuedTokens;
}

/** What {@link requireAccessToken} leaves in `res.locals.galaxy`. */
export interface GalaxyCaller {
  account: ServiceAccountRecord;
  token: IssuedToken;
}

/** Counter first (faulted calls count too), then the fault, as every sandbox route does. */
export function instrument(ctx: GalaxyRouteContext, route: string): RequestHandler[] {
  return [
    (_req, _res, next) => {
      ctx.counters.increment(route);
      next();
    },
    ctx.faults.middleware(route),
  ];
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer[ ]+([\x21-\x7e]+)$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Both headers required (seed 003): a token, and the service account it was issued to. Missing,
 * revoked, unknown or another account's token -> 401 `AUTH_REQUIRE`; a scope not held -> 403.
 */
export function requireAccessToken(ctx: GalaxyRouteContext, scope?: GalaxyScope, options: { accountHeaderOptional?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const token = bearer(req.get('authorization'));
    if (!token) return sendGalaxyError(res, INVALID_TOKEN);
    // GSS contentMetric alone does without the header (seed 003): the token names its account.
    const accountId = req.get('service-account-id') ?? (options.accountHeaderOptional ? ctx.tokens.find(token)?.serviceAccountId : undefined);
    const account = accountId ? ctx.accounts.get(accountId) : undefined;
    if (!account) return sendGalaxyError(res, UNKNOWN_ACCOUNT);
    const record = ctx.tokens.find(token);
    if (!record || record.serviceAccountId !== account.id) return sendGalaxyError(res, INVALID_TOKEN);
    if (scope && !(record.scopes.includes(scope) && account.scopes.includes(scope))) {
      return sendGalaxyError(res, {
        status: 403,
        code: 'NO_PERMISSION',
        message: 'The service account does not have permission to use this API',
      });
    }
    res.locals.galaxy = { account, token: record } satisfies GalaxyCaller;
    next();
  };
}

/** `POST /auth/accessToken`, `GET /auth/checkAccessToken`, `DELETE /auth/revokeAccessToken`. */
export function accessTokenRoutes(ctx: GalaxyRouteContext): express.Router {
  const router = express.Router();

  router.post('/auth/accessToken', ...instrument(ctx, 'galaxy.accessToken'), (req, res) => {
    // The JWT is read from the header only, and the body must be empty: one sent in the body
    // gets 401, as observed at Samsung. content-type: application/json is required (seed 001).
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody) {
      return sendGalaxyError(res, { status: 401, code: 'AUTH_REQUIRE', message: 'The JWT goes in the Authorization header; the body must be empty' });
    }
    if (!/^application\/json\s*(;|$)/i.test(req.get('content-type') ?? '')) {
      return sendGalaxyError(res, { status: 400, code: 'BAD_REQUEST', message: 'content-type must be application/json' });
    }
    const jwt = bearer(req.get('authorization'));
    if (!jwt) {
      return sendGalaxyError(res, { status: 401, code: 'AUTH_REQUIRE', message: 'Authorization header with a Bearer JWT is required' });
    }
    const verdict = verifyServiceAccountJwt(jwt, ctx.accounts, Math.floor(Date.now() / 1000));
    if (!verdict.ok) return sendGalaxyError(res, verdict.answer);
    const accessToken = ctx.tokens.issue({ serviceAccountId: verdict.account.id, scopes: verdict.scopes });
    res.status(200).json({ ok: true, createdItem: { accessToken } });
  });

  router.get('/auth/checkAccessToken', ...instrument(ctx, 'galaxy.checkAccessToken'), requireAccessToken(ctx), (_req, res) => {
    res.status(200).json({ ok: true });
  });

  router.delete('/auth/revokeAccessToken', ...instrument(ctx, 'galaxy.revokeAccessToken'), requireAccessToken(ctx), (req, res) => {
    ctx.tokens.revoke(bearer(req.get('authorization')) as string);
    res.status(200).json({ ok: true });
  });

  return router;
}
