/**
 * The code-for-token exchange at Samsung's token endpoint (PROTOCOL §1.3), built on openid-client
 * v6 with explicit server metadata, client_secret_post, an explicit expected state and timeout.
 *
 * The network is reached only through {@link httpRequest} (openid-client's `customFetch`), which
 * also normalises Samsung's response before openid-client validates it. The client secret goes
 * only to the configured token URL, or to a callback-named `auth_server_url` that is https and on
 * the configured allowlist (PROTOCOL §1.2).
 */
import * as oidc from 'openid-client';
import { SamsungAuthError, isSamsungAuthError, safeIdentifier } from '../errors.js';
import { httpRequest, parseJsonBody, describeTarget, type FetchLike } from '../http/request.js';
import { isLoopbackHost } from '../config/url-rules.js';
import { trustedRegionOrigin } from './region-hosts.js';
import type { CircuitBreakers } from '../http/circuit-breakers.js';
import type { ResolvedAccountOptions } from './options.js';
import { normaliseTokenResponse } from './token-response.js';

/** What the token endpoint granted, normalised. `onSignIn` receives it. */
export interface SamsungTokens {
  /** The Samsung Account access token: a server-side secret. */
  accessToken: string;
  /** The Samsung user id (`userId` in the token response). */
  userId: string;
  /** When the access token expires (ms since epoch), when Samsung said. */
  expiresAt: number | undefined;
  /** The observed `api_server_url`, if Samsung sent one. */
  apiServerUrl: string | undefined;
}

export interface ExchangeInput {
  code: string;
  state: string;
  /** The callback's `auth_server_url`, if any (untrusted). */
  authServerUrl?: string | undefined;
}

export interface TokenExchangeDeps {
  fetch?: FetchLike;
  /** One breaker per token host: a failing regional host never opens the configured one's. */
  breakers?: CircuitBreakers;
  now?: () => number;
  /** Told when a callback named a token host that is not on the allowlist. */
  onUntrustedAuthServer?: (host: string) => void;
}

/** Largest token response read; Samsung's is a few hundred bytes. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/**
 * The code-for-token exchange on its own, for callers that run the callback themselves (the
 * login helper uses it). openid-client v6 underneath, with client_secret_post and a time budget.
 *
 * @example
 * ```ts
 * const exchange = new TokenExchange(
 *   resolveAccountOptions({
 *     clientId: 'id',
 *     clientSecret: 'secret',
 *     aliasId: 'alias',
 *     redirectUri: 'https://portal.example.com/auth/callback',
 *     signOutUrl: 'https://portal.example.com/',
 *   }),
 * );
 * const tokens = await exchange.exchange({ code: 'code-from-the-callback', state: 'state-you-stored' });
 * console.log(tokens.userId);
 * ```
 */
export class TokenExchange {
  readonly #options: ResolvedAccountOptions;
  readonly #deps: TokenExchangeDeps;
  readonly #configs = new Map<string, oidc.Configuration>();

  constructor(options: ResolvedAccountOptions, deps: TokenExchangeDeps = {}) {
    this.#options = options;
    this.#deps = deps;
  }

  /** The token endpoint to use for a callback: the configured one unless an allowed regional host is named. */
  tokenEndpointFor(authServerUrl: string | undefined): string {
    const verdict = trustedRegionOrigin(authServerUrl, this.#options.trustedAuthHosts);
    if (!verdict) return this.#options.tokenUrl;
    if ('refused' in verdict) {
      this.#deps.onUntrustedAuthServer?.(verdict.refused);
      return this.#options.tokenUrl;
    }
    return `${verdict.origin}${new URL(this.#options.tokenUrl).pathname}`;
  }

  async exchange(input: ExchangeInput): Promise<SamsungTokens> {
    const tokenUrl = this.tokenEndpointFor(input.authServerUrl);
    const config = this.#configFor(tokenUrl);
    const currentUrl = new URL(this.#options.redirectUri);
    currentUrl.searchParams.set('code', input.code);
    currentUrl.searchParams.set('state', input.state);
    let tokens: oidc.TokenEndpointResponse;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, { expectedState: input.state });
    } catch (err) {
      throw translateError(err, tokenUrl);
    }
    const raw = tokens as unknown as Record<string, unknown>;
    const now = (this.#deps.now ?? Date.now)();
    return {
      accessToken: tokens.access_token,
      userId: raw.userId as string,
      expiresAt: typeof tokens.expires_in === 'number' ? now + tokens.expires_in * 1000 : undefined,
      apiServerUrl: typeof raw.api_server_url === 'string' ? raw.api_server_url : undefined,
    };
  }

  #configFor(tokenUrl: string): oidc.Configuration {
    const cached = this.#configs.get(tokenUrl);
    if (cached) return cached;
    const config = this.#newConfig(tokenUrl);
    // Only the configured endpoint is cached: hosts named by callbacks would grow it without bound.
    if (tokenUrl === this.#options.tokenUrl) this.#configs.set(tokenUrl, config);
    return config;
  }

  #newConfig(tokenUrl: string): oidc.Configuration {
    const o = this.#options;
    const config = new oidc.Configuration(
      { issuer: o.accountUrl, authorization_endpoint: o.signInUrl, token_endpoint: tokenUrl },
      o.clientId,
      undefined,
      oidc.ClientSecretPost(o.clientSecret),
    );
    config.timeout = Math.ceil(o.timeoutMs / 1000);
    config[oidc.customFetch] = (url, init) => this.#fetch(url, init);
    if (isLoopbackHost(new URL(tokenUrl).hostname) && tokenUrl.startsWith('http:')) {
      oidc.allowInsecureRequests(config);
    }
    return config;
  }

  async #fetch(url: string, init: oidc.CustomFetchOptions): Promise<Response> {
    const target = describeTarget(init.method, url);
    const res = await httpRequest({
      method: init.method as 'POST',
      url,
      headers: init.headers,
      body: init.body as string | URLSearchParams,
      timeoutMs: this.#options.timeoutMs,
      maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
      signal: init.signal,
      ...(this.#deps.fetch ? { fetch: this.#deps.fetch } : {}),
      ...(this.#deps.breakers ? { breaker: this.#deps.breakers.for(url) } : {}),
    });
    if (res.status >= 300 && res.status < 400) {
      throw new SamsungAuthError('UPSTREAM_REDIRECT', `${target} answered with a redirect (HTTP ${res.status}); it was not followed.`, {
        status: 502,
        hint: 'Check SAMSUNG_TOKEN_URL: it should be the token endpoint itself.',
      });
    }
    const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    if (res.status === 200) {
      const body = normaliseTokenResponse(parseJsonBody(res, target));
      return new Response(JSON.stringify(body), { status: 200, headers });
    }
    // An error answer: pass a JSON OAuth error on for openid-client to report; anything else is Samsung's fault.
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = undefined;
    }
    if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
      return new Response(res.text, { status: res.status, headers });
    }
    throw new SamsungAuthError('TOKEN_EXCHANGE_FAILED', `${target} answered HTTP ${res.status} without an OAuth error body.`, {
      status: 502,
      hint: 'Samsung may be having trouble; try again shortly.',
    });
  }
}

const OAUTH_ERROR_HINTS: Record<string, string> = {
  invalid_client: 'Samsung did not accept the client credentials: check SAMSUNG_CLIENT_ID and SAMSUNG_CLIENT_SECRET.',
  invalid_grant: 'The sign-in code expired or was already used, or the redirect URI differs from the registered one. Sign in again.',
  invalid_request: 'Samsung found the token request malformed; check SAMSUNG_REDIRECT_URI against the registered one.',
  unauthorized_client: 'This client may not use the authorization code grant; check the client registration with Samsung.',
};

/**
 * openid-client errors can carry the response body (and so a token) as their cause; we keep
 * only their code and the OAuth error name, never the body.
 */
function translateError(err: unknown, tokenUrl: string): SamsungAuthError {
  const target = describeTarget('POST', tokenUrl);
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isSamsungAuthError(e)) return e;
  }
  if (err instanceof oidc.ResponseBodyError) {
    return new SamsungAuthError('TOKEN_EXCHANGE_FAILED', `${target} refused the sign-in code (${safeIdentifier(err.error)}).`, {
      status: 502,
      hint: OAUTH_ERROR_HINTS[err.error] ?? 'Sign in again; if it keeps failing, check the Samsung client settings.',
    });
  }
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'UNKNOWN';
  if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') {
    return new SamsungAuthError('UPSTREAM_TIMEOUT', `${target} did not answer in time.`, { status: 504, hint: 'Try again shortly.' });
  }
  return new SamsungAuthError('UPSTREAM_INVALID_RESPONSE', `${target} answered in a form that could not be used (${safeIdentifier(code)}).`, {
    status: 502,
    hint: 'Samsung answered in an unexpected form; try again, and check SAMSUNG_TOKEN_URL if it persists.',
  });
}

