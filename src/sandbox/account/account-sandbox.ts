/**
 * The Samsung Account part of the sandbox (PROTOCOL §1 and §3), strict where Samsung is strict:
 * unknown client or unregistered redirect_uri -> an error page, never a redirect; response_type
 * must be `CODE`; codes are single-use and expire after 300 s; signOutGate redirects only to the
 * client's own origins. The token, revoke and profile endpoints (token-endpoint.ts,
 * profile-endpoint.ts) run for each region: the sandbox's own port, and a second region whose
 * host the callback names for the demo users of that region.
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';
import { DEMO_USERS, type DemoUser } from './demo-users.js';
import { renderView } from '../../web/views.js';
import { BoundedTtlMap } from './bounded-ttl-map.js';
import { rawQuery } from '../../account/callback-params.js';
import { AccountGrants, CODE_TTL_SECONDS } from './grants.js';
import { tokenEndpoint, type TokenResponseVariant } from './token-endpoint.js';
import { profileEndpoint } from './profile-endpoint.js';

export type { TokenResponseVariant } from './token-endpoint.js';

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
  /** Lifetime of access tokens in the `refresh` variant, in seconds. Default 3600. */
  accessTokenSeconds?: number;
  /** Hosts of the other regions (`host:port`), by region name, e.g. `{ eu: '127.0.0.1:3002' }`. */
  regionHosts?: Readonly<Record<string, string>>;
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
  /** Sets how long access tokens of the `refresh` variant last, in seconds. */
  setAccessTokenSeconds(seconds: number): void;
  /** The token, revoke and profile endpoints of another region, to mount on its own listener. */
  regionRouter(region: string): express.Router;
}

const REQUEST_TTL_SECONDS = 600;

interface AuthorizeRequest {
  redirectUri: string;
  state: string;
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
  let accessTokenSeconds = ctx.accessTokenSeconds ?? 3600;
  const requests = new BoundedTtlMap<AuthorizeRequest>(10_000, now);
  const grants = new AccountGrants(now);
  const host = new URL(ctx.publicUrl).host;
  const hostOf = (region: string) => (region === 'default' ? host : (ctx.regionHosts?.[region] ?? host));
  const router = express.Router();
  const endpoints = (region: string) => {
    const r = express.Router();
    const prefix = region === 'default' ? 'account' : `account.${region}`;
    r.use(tokenEndpoint({ region, prefix, host: hostOf(region), counters: ctx.counters, faults: ctx.faults, grants, client, variant: () => variant, accessTokenSeconds: () => accessTokenSeconds }));
    r.use(profileEndpoint({ region, prefix, counters: ctx.counters, faults: ctx.faults, grants, clientId: client.clientId }));
    return r;
  };

  const gates: GateContext = { ctx, client, requests, grants, hostOf };
  router.use(signInGateRoutes(gates));
  router.use(endpoints('default'));
  router.use(signOutGateRoute(gates));

  return {
    router,
    client,
    setTokenResponse(v) {
      variant = v;
    },
    registerRedirectUri(uri) {
      if (!client.redirectUris.includes(uri)) client.redirectUris.push(uri);
    },
    issuedAccessTokens: () => [...grants.issued],
    setAccessTokenSeconds(seconds) {
      accessTokenSeconds = seconds;
    },
    regionRouter: (region) => endpoints(region),
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

interface GateContext {
  ctx: AccountSandboxContext;
  client: SandboxClient;
  requests: BoundedTtlMap<AuthorizeRequest>;
  grants: AccountGrants;
  hostOf(region: string): string;
}

/** signInGate (the demo user picker) and its decision: the redirect back with code and state. */
function signInGateRoutes(g: GateContext): express.Router {
  const { ctx, client, requests, grants, hostOf } = g;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const signInPaths = ['/accounts/v1/:alias/signInGate', '/accounts/:alias/signInGate'];

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
      // A user of another region (when that region runs) is sent to its hosts, as Samsung does.
      const region = user.region !== 'default' && ctx.regionHosts?.[user.region] ? user.region : 'default';
      const code = grants.newCode({ userId: user.id, redirectUri: request.redirectUri, region });
      target.searchParams.set('code', code);
      target.searchParams.set('state', request.state);
      target.searchParams.set('auth_server_url', hostOf(region));
      target.searchParams.set('api_server_url', hostOf(region));
      target.searchParams.set('code_expires_in', String(CODE_TTL_SECONDS));
      res.redirect(303, target.toString());
    },
  );

  return router;
}

/** signOutGate: redirects to signOutURL on an origin registered for the client, nowhere else. */
function signOutGateRoute(g: GateContext): express.Router {
  const { ctx, client } = g;
  const router = express.Router();
  const signOutPaths = ['/accounts/v1/:alias/signOutGate', '/accounts/:alias/signOutGate'];
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

  return router;
}
