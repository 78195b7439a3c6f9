/**
 * The sandbox's token endpoint (`POST /auth/oauth2/token`: the code exchange of PROTOCOL §1.3 and
 * the refresh of §1.3a) and revoke endpoint (§1.3b), for one region. Strict: a form body only,
 * client authentication, a code used once at the region that issued it, refresh tokens that
 * rotate (a reused one -> 400 `invalid_grant` / `AUT_1803`). Errors carry Samsung's observed
 * `error_code` values.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Response } from 'express';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';
import { DEMO_USERS, type DemoUser } from './demo-users.js';
import { REFRESH_TTL_SECONDS, type AccountGrants } from './grants.js';

/** The token response's shape: seed 004's (numbers, `refresh_token: -1`), the observed one (numbers as strings), or with real refresh tokens that rotate. */
export type TokenResponseVariant = 'seed' | 'observed' | 'refresh';

export interface TokenEndpointContext {
  /** `default`, or the name of a second region. */
  region: string;
  /** Counter and fault names start with it: `account` or e.g. `account.eu`. */
  prefix: string;
  host: string;
  counters: Counters;
  faults: Faults;
  grants: AccountGrants;
  client: { clientId: string; clientSecret: string };
  variant: () => TokenResponseVariant;
  /** Lifetime of access tokens in the `refresh` variant, in seconds. */
  accessTokenSeconds: () => number;
}

type Form = Record<string, string | undefined>;

/** The token and revoke endpoints of one region. */
export function tokenEndpoint(ctx: TokenEndpointContext): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const count = (name: string): express.RequestHandler => (_req, _res, next) => {
    ctx.counters.increment(`${ctx.prefix}.${name}`);
    next();
  };

  router.post('/auth/oauth2/token', count('token'), ctx.faults.middleware(`${ctx.prefix}.token`), (req, res) => {
    res.set('cache-control', 'no-store');
    withForm(req, res, form, ['grant_type', 'code', 'client_id', 'client_secret', 'redirect_uri', 'refresh_token'], (p) => {
      if (p.grant_type === undefined) return oauthError(res, 400, 'invalid_request', 'AUT_1008', 'grant_type is required.');
      if (!clientOk(ctx, p, res)) return;
      if (p.grant_type === 'authorization_code') return exchange(ctx, p, res);
      if (p.grant_type === 'refresh_token') {
        ctx.counters.increment(`${ctx.prefix}.refresh`);
        const fault = ctx.faults.middleware(`${ctx.prefix}.refresh`);
        return fault(req, res, () => refresh(ctx, p, res));
      }
      return oauthError(res, 400, 'unsupported_grant_type', 'AUT_1901', 'grant_type must be authorization_code or refresh_token.');
    });
  });

  router.post('/auth/oauth2/revoke', count('revoke'), ctx.faults.middleware(`${ctx.prefix}.revoke`), (req, res) => {
    res.set('cache-control', 'no-store');
    withForm(req, res, form, ['client_id', 'client_secret', 'access_token', 'refresh_token'], (p) => {
      if (!clientOk(ctx, p, res)) return;
      const value = p.refresh_token ?? p.access_token;
      if (!value) return oauthError(res, 400, 'invalid_request', 'AUT_1007', 'access_token or refresh_token is required.');
      if (!ctx.grants.revoke(value, ctx.region)) return oauthError(res, 400, 'invalid_grant', 'AUT_1803', 'The token is not known to this server.');
      res.json({ result: 'success' });
    });
  });
  return router;
}

function withForm(req: express.Request, res: Response, form: express.RequestHandler, fields: string[], then: (p: Form) => void): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    return oauthError(res, 400, 'invalid_request', 'AUT_1000', 'The request must be a form body (application/x-www-form-urlencoded).');
  }
  form(req, res, () => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const p: Form = {};
    for (const f of fields) {
      const v = raw[f];
      if (v === undefined) continue;
      if (typeof v !== 'string') return oauthError(res, 400, 'invalid_request', 'AUT_1000', `${f} must be given once.`);
      p[f] = v;
    }
    then(p);
  });
}

function clientOk(ctx: TokenEndpointContext, p: Form, res: Response): boolean {
  if (!p.client_id) {
    oauthError(res, 401, 'invalid_client', 'AUT_1001', 'client_id is required.');
    return false;
  }
  if (p.client_id !== ctx.client.clientId) {
    oauthError(res, 401, 'invalid_client', 'AUT_1806', 'The value of client_id parameter is incorrect.');
    return false;
  }
  if (!p.client_secret || !sameSecret(p.client_secret, ctx.client.clientSecret)) {
    oauthError(res, 401, 'invalid_client', p.client_secret ? 'AUT_1702' : 'AUT_1002', 'Client authentication failed.');
    return false;
  }
  return true;
}

function exchange(ctx: TokenEndpointContext, p: Form, res: Response): void {
  if (!p.code) return oauthError(res, 400, 'invalid_request', 'AUT_1006', 'code is required.');
  const issued = ctx.grants.codes.get(p.code);
  // A code is good once, and only at the region that issued it (PROTOCOL §1.2).
  if (!issued || issued.region !== ctx.region) return oauthError(res, 400, 'invalid_grant', 'AUT_1802', 'The value of code parameter is incorrect.');
  if (issued.used) return oauthError(res, 400, 'invalid_grant', 'AUT_1802', 'The authorization code was already used.');
  issued.used = true;
  if (p.redirect_uri !== issued.redirectUri) return oauthError(res, 400, 'invalid_grant', 'AUT_1801', 'redirect_uri does not match the authorization request.');
  const user = DEMO_USERS.find((u) => u.id === issued.userId) as DemoUser;
  res.json(answer(ctx, user));
}

function refresh(ctx: TokenEndpointContext, p: Form, res: Response): void {
  if (!p.refresh_token) return oauthError(res, 400, 'invalid_request', 'AUT_1007', 'refresh_token is required.');
  const spent = ctx.grants.spendRefresh(p.refresh_token, ctx.region);
  if (spent === 'invalid') return oauthError(res, 400, 'invalid_grant', 'AUT_1803', 'The value of refresh_token parameter is incorrect.');
  const user = DEMO_USERS.find((u) => u.id === spent.userId) as DemoUser;
  res.json(answer(ctx, user, spent.grantId));
}

/** The token answer in the configured shape. */
function answer(ctx: TokenEndpointContext, user: DemoUser, grantId?: string): Record<string, unknown> {
  const variant = ctx.variant();
  if (variant === 'refresh') {
    const seconds = ctx.accessTokenSeconds();
    const { accessToken, refreshToken } = ctx.grants.issue(user.id, ctx.region, seconds, true, grantId);
    return {
      token_type: 'Bearer',
      access_token: accessToken,
      access_token_expires_in: seconds,
      expires_in: seconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TTL_SECONDS,
      userId: user.id,
    };
  }
  if (variant === 'seed') {
    const { accessToken } = ctx.grants.issue(user.id, ctx.region, 3600, false);
    return { token_type: 'Bearer', access_token: accessToken, access_token_expires_in: 3600, expires_in: 3600, refresh_token: -1, refresh_token_expires_in: -1, userId: user.id };
  }
  // Observed: numbers as strings, "-1", no expires_in, extra fields.
  const { accessToken } = ctx.grants.issue(user.id, ctx.region, 863909, false);
  return {
    access_token: accessToken,
    token_type: 'bearer',
    access_token_expires_in: '863909',
    refresh_token: '-1',
    refresh_token_expires_in: '-1',
    userId: user.id,
    client_id: ctx.client.clientId,
    api_server_url: ctx.host,
    auth_server_url: ctx.host,
    inputEmailID: user.email,
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function oauthError(res: Response, status: number, error: string, errorCode: string, description: string): void {
  res.status(status).json({ error, error_code: errorCode, error_description: description });
}
