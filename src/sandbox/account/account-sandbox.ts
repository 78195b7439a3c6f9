/**
 * The Samsung Account part of the sandbox (PROTOCOL §1 and §3), strict where Samsung is strict:
 * unknown client or unregistered redirect_uri -> an error page, never a redirect; response_type
 * must be `CODE`; codes are single-use and expire after 300 s; the token endpoint takes a form
 * body only and checks the secret and the redirect_uri of the authorize request; signOutGate
 * redirects only to the client's own origins.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';
import { DEMO_USERS, type DemoUser } from './demo-users.js';
import { renderView } from '../../web/views.js';
import { BoundedTtlMap } from './bounded-ttl-map.js';
import { rawQuery } from '../../account/callback-params.js';

/** The token response's shape: seed 004's (numbers, `refresh_token: -1`) or the observed one (numbers as strings). */
export type TokenResponseVariant = 'seed' | 'observed';

/** The Samsung Account client registered with the sandbox. */
export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  aliasId: string;
  /** Exact-match redirect URIs. */
  redirectUris: string[];
}

export interface AccountSandboxContext {
  publicUrl: string;
  counters: Counters;
  faults: Faults;
  client: Partial<SandboxClient> | undefined;
  redirectUris: string[];
  tokenResponse: TokenResponseVariant;
  now?: () => number;
}

export interface AccountSandbox {
  router: express.Router;
  client: SandboxClient;
  /** Switches the token response between the seed 004 shape and the observed variant. */
  setTokenResponse(variant: TokenResponseVariant): void;
  registerRedirectUri(uri: string): void;
  /** Access tokens issued so far (for tests that look for leaks). */
  issuedAccessTokens(): readonly string[];
}

const CODE_TTL_SECONDS = 300;
const REQUEST_TTL_SECONDS = 600;

interface AuthorizeRequest {
  redirectUri: string;
  state: string;
}

interface IssuedCode {
  userId: string;
  redirectUri: string;
  used: boolean;
}

export function createAccountSandbox(ctx: AccountSandboxContext): AccountSandbox {
  const now = ctx.now ?? Date.now;
  const client: SandboxClient = {
    clientId: ctx.client?.clientId ?? 'sandbox-client',
    clientSecret: ctx.client?.clientSecret ?? randomBytes(24).toString('base64url'),
    aliasId: ctx.client?.aliasId ?? 'sandbox',
    redirectUris: [...(ctx.client?.redirectUris ?? []), ...ctx.redirectUris],
  };
  let variant = ctx.tokenResponse;
  const requests = new BoundedTtlMap<AuthorizeRequest>(10_000, now);
  const codes = new BoundedTtlMap<IssuedCode>(10_000, now);
  const issuedTokens: string[] = [];
  const host = new URL(ctx.publicUrl).host;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const signInPaths = ['/accounts/v1/:alias/signInGate', '/accounts/:alias/signInGate'];
  const signOutPaths = ['/accounts/v1/:alias/signOutGate', '/accounts/:alias/signOutGate'];

  router.get(signInPaths, count(ctx, 'account.signInGate'), ctx.faults.middleware('account.signInGate'), (req, res) => {
    const q = single(req, ['client_id', 'response_type', 'redirect_uri', 'state']);
    if (typeof q === 'string') return errorPage(res, 400, 'invalid_request', q);
    if (q.client_id !== client.clientId || req.params.alias !== client.aliasId) {
      return errorPage(res, 400, 'invalid_client', 'Unknown client_id for this ALIAS_ID.');
    }
    if (q.response_type !== 'CODE') {
      return errorPage(res, 400, 'unsupported_response_type', 'response_type must be CODE.');
    }
    if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) {
      return errorPage(res, 400, 'invalid_request', 'redirect_uri is not registered for this client.');
    }
    if (!q.state) return errorPage(res, 400, 'invalid_request', 'state is required.');
    const requestId = randomBytes(16).toString('base64url');
    requests.set(requestId, { redirectUri: q.redirect_uri, state: q.state }, REQUEST_TTL_SECONDS);
    const action = `${req.baseUrl}${req.path}/decision`;
    sandboxHeaders(res, new URL(q.redirect_uri).origin);
    res.type('html').send(
      renderView('sandbox/sign-in-gate', { action, requestId, users: DEMO_USERS, redirectHost: new URL(q.redirect_uri).host }),
    );
  });

  router.post(
    signInPaths.map((p) => `${p}/decision`),
    count(ctx, 'account.signInGate.decision'),
    form,
    (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const request = typeof body.request === 'string' ? requests.take(body.request) : undefined;
      if (!request) return errorPage(res, 400, 'invalid_request', 'This sign-in request is unknown or has expired. Start again from the portal.');
      const target = new URL(request.redirectUri);
      if (body.decision === 'deny') {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'The user denied the request.');
        target.searchParams.set('state', request.state);
        return res.redirect(303, target.toString());
      }
      const user: DemoUser | undefined = DEMO_USERS.find((u) => u.id === body.userId);
      if (!user) return errorPage(res, 400, 'invalid_request', 'Pick one of the demo users.');
      const code = randomBytes(24).toString('base64url');
      codes.set(code, { userId: user.id, redirectUri: request.redirectUri, used: false }, CODE_TTL_SECONDS);
      target.searchParams.set('code', code);
      target.searchParams.set('state', request.state);
      target.searchParams.set('auth_server_url', host);
      target.searchParams.set('api_server_url', host);
      target.searchParams.set('code_expires_in', String(CODE_TTL_SECONDS));
      res.redirect(303, target.toString());
    },
  );

  router.post('/auth/oauth2/token', count(ctx, 'account.token'), ctx.faults.middleware('account.token'), (req, res) => {
    res.set('cache-control', 'no-store');
    if (!req.is('application/x-www-form-urlencoded')) {
      return oauthError(res, 400, 'invalid_request', 'The token request must be a form body (application/x-www-form-urlencoded).');
    }
    form(req, res, () => {
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const fields = ['grant_type', 'code', 'client_id', 'client_secret', 'redirect_uri'] as const;
      const p: Partial<Record<(typeof fields)[number], string>> = {};
      for (const f of fields) {
        const v = raw[f];
        if (v === undefined) continue;
        if (typeof v !== 'string') return oauthError(res, 400, 'invalid_request', `${f} must be given once.`);
        p[f] = v;
      }
      if (p.grant_type !== 'authorization_code') {
        return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be authorization_code.');
      }
      if (p.client_id !== client.clientId || !p.client_secret || !sameSecret(p.client_secret, client.clientSecret)) {
        return oauthError(res, 401, 'invalid_client', 'Client authentication failed.');
      }
      const issued = p.code ? codes.get(p.code) : undefined;
      if (!p.code || !issued) return oauthError(res, 400, 'invalid_grant', 'The authorization code is invalid or expired.');
      if (issued.used) return oauthError(res, 400, 'invalid_grant', 'The authorization code was already used.');
      issued.used = true;
      if (p.redirect_uri !== issued.redirectUri) {
        return oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
      }
      const accessToken = randomBytes(24).toString('base64url');
      issuedTokens.push(accessToken);
      if (issuedTokens.length > 1000) issuedTokens.shift();
      const user = DEMO_USERS.find((u) => u.id === issued.userId) as DemoUser;
      res.json(variant === 'seed' ? seedResponse(accessToken, user) : observedResponse(accessToken, user, client.clientId, host));
    });
  });

  router.get(signOutPaths, count(ctx, 'account.signOutGate'), ctx.faults.middleware('account.signOutGate'), (req, res) => {
    const q = single(req, ['client_id', 'signOutURL', 'state']);
    if (typeof q === 'string') return errorPage(res, 400, 'invalid_request', q);
    if (q.client_id !== client.clientId || req.params.alias !== client.aliasId) {
      return errorPage(res, 400, 'invalid_client', 'Unknown client_id for this ALIAS_ID.');
    }
    const allowed = new Set(client.redirectUris.map((u) => new URL(u).origin));
    let target: URL | undefined;
    try {
      target = q.signOutURL ? new URL(q.signOutURL) : undefined;
    } catch {
      target = undefined;
    }
    if (!target || !allowed.has(target.origin)) {
      return errorPage(res, 400, 'invalid_request', 'signOutURL must be on an origin registered for this client.');
    }
    res.redirect(302, target.toString());
  });

  return {
    router,
    client,
    setTokenResponse(v) {
      variant = v;
    },
    registerRedirectUri(uri) {
      if (!client.redirectUris.includes(uri)) client.redirectUris.push(uri);
    },
    issuedAccessTokens: () => [...issuedTokens],
  };
}

/** Seed 004's example response, verbatim in shape: numbers, and `-1` for "no refresh token". */
function seedResponse(accessToken: string, user: DemoUser): Record<string, unknown> {
  return {
    token_type: 'Bearer',
    access_token: accessToken,
    access_token_expires_in: 3600,
    expires_in: 3600,
    refresh_token: -1,
    refresh_token_expires_in: -1,
    userId: user.id,
  };
}

/** The observed variant: numbers as strings, "-1", no `expires_in`, extra fields. */
function observedResponse(accessToken: string, user: DemoUser, clientId: string, host: string): Record<string, unknown> {
  return {
    access_token: accessToken,
    token_type: 'bearer',
    access_token_expires_in: '863909',
    refresh_token: '-1',
    refresh_token_expires_in: '-1',
    userId: user.id,
    client_id: clientId,
    api_server_url: host,
    auth_server_url: host,
    inputEmailID: user.email,
  };
}

function count(ctx: AccountSandboxContext, route: string): express.RequestHandler {
  return (_req, _res, next) => {
    ctx.counters.increment(route);
    next();
  };
}

/** Each named query parameter at most once, as a string; or a message saying which is not. */
function single(req: Request, names: string[]): Record<string, string | undefined> | string {
  const params = new URLSearchParams(rawQuery(req.originalUrl));
  const out: Record<string, string | undefined> = {};
  for (const n of names) {
    const all = params.getAll(n);
    if (all.length > 1) return `${n} must be given once.`;
    out[n] = all[0];
  }
  return out;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function sandboxHeaders(res: Response, formTarget?: string): void {
  // The decision form posts here, then redirects to the client's redirect_uri: Chrome applies
  // form-action to that redirect, so the client's origin is allowed too.
  res.set(
    'content-security-policy',
    `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'${formTarget ? ` ${formTarget}` : ''}; frame-ancestors 'none'; base-uri 'none'`,
  );
  res.set('cache-control', 'no-store');
  res.set('referrer-policy', 'no-referrer');
}

function errorPage(res: Response, status: number, error: string, description: string): void {
  sandboxHeaders(res);
  res.status(status).type('html').send(renderView('sandbox/error', { error, description }));
}
