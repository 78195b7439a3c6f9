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
import { SamsungAuthError } from '../errors.js';
import { httpRequest, parseJsonBody, describeTarget, type FetchLike } from '../http/request.js';
import { isLoopbackHost } from '../config/url-rules.js';
import { trustedRegionOrigin } from './region-hosts.js';
import type { CircuitBreakers } from '../http/circuit-breakers.js';
import type { ResolvedAccountOptions } from './options.js';
import { normaliseTokenResponse } from './token-response.js';
import { translateError } from './token-errors.js';

export { TokenEndpointError } from './token-errors.js';

/** What the token endpoint granted, normalised. `onSignIn` receives it. */
export interface SamsungTokens {
  /** The Samsung Account access token: a server-side secret. */
  accessToken: string;
  /** The Samsung user id (`userId` in the token response). */
  userId: string;
  /** When the access token expires (ms since epoch), when Samsung said. */
  expiresAt: number | undefined;
  /** The refresh token, when Samsung granted a real one (seed 004's `-1` means none): a server-side secret. */
  refreshToken?: string | undefined;
  /** When the refresh token expires (ms since epoch), when Samsung said. */
  refreshTokenExpiresAt?: number | undefined;
  /** Origin of the auth host this sign-in used (its refresh and revoke go there too). */
  authOrigin: string;
  /** Origin of the API host for this user's profile calls (the callback's, when trusted). */
  apiOrigin: string;
  /** The observed `api_server_url`, if Samsung sent one. */
  apiServerUrl: string | undefined;
}

export interface ExchangeInput {
  code: string;
  state: string;
  /** The callback's `auth_server_url`, if any (untrusted). */
  authServerUrl?: string | undefined;
  /** The callback's `api_server_url`, if any (untrusted). */
  apiServerUrl?: string | undefined;
}

export interface TokenExchangeDeps {
  fetch?: FetchLike;
  /** One breaker per token host: a failing regional host never opens the configured one's. */
  breakers?: CircuitBreakers;
  now?: () => number;
  /** Told when a callback named a token or API host that is not on the allowlist. */
  onUntrustedAuthServer?: (host: string) => void;
}

/** How long sign-out waits for Samsung's revoke answer, in ms: best effort, never a slow logout. */
export const REVOKE_BUDGET_MS = 2000;
/** Configs kept for regional token hosts (the allowlist bounds them; this bounds a wildcard). */
const MAX_CACHED_CONFIGS = 16;

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

  /** The API origin for a callback: the named one when allowed, else the configured `apiUrl`'s. */
  apiOriginFor(apiServerUrl: string | undefined): string {
    const verdict = trustedRegionOrigin(apiServerUrl, this.#options.trustedAuthHosts);
    if (verdict && 'refused' in verdict) this.#deps.onUntrustedAuthServer?.(verdict.refused);
    return verdict && 'origin' in verdict ? verdict.origin : new URL(this.#options.apiUrl).origin;
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
      throw translateError(err, tokenUrl, 'exchange');
    }
    return this.#granted(tokens, new URL(tokenUrl).origin, this.apiOriginFor(input.apiServerUrl));
  }

  /**
   * Trades a refresh token for a new pair at the auth host of the sign-in (PROTOCOL §1.3a).
   * Refresh tokens rotate: the one given is dead afterwards, so the caller must store the new
   * pair before using it.
   *
   * @throws {@link SamsungAuthError} `REAUTH_REQUIRED` (401) when Samsung refuses the grant.
   */
  async refresh(refreshToken: string, authOrigin: string, apiOrigin: string): Promise<SamsungTokens> {
    const tokenUrl = `${authOrigin}${new URL(this.#options.tokenUrl).pathname}`;
    let tokens: oidc.TokenEndpointResponse;
    try {
      tokens = await oidc.refreshTokenGrant(this.#configFor(tokenUrl), refreshToken);
    } catch (err) {
      throw translateError(err, tokenUrl, 'refresh');
    }
    return this.#granted(tokens, authOrigin, apiOrigin);
  }

  /**
   * Revokes a token at the auth host of the sign-in (PROTOCOL §1.3b), within `budgetMs`.
   * Resolves `true` when Samsung confirmed; best effort, it never throws.
   */
  async revoke(token: { refreshToken?: string | undefined; accessToken: string }, authOrigin: string, budgetMs = REVOKE_BUDGET_MS): Promise<boolean> {
    const url = `${authOrigin}${new URL(this.#options.tokenUrl).pathname.replace(/\/token$/, '/revoke')}`;
    const o = this.#options;
    const body = new URLSearchParams({ client_id: o.clientId, client_secret: o.clientSecret });
    // Revoking the refresh token ends the grant; without one, the access token is all there is.
    if (token.refreshToken) body.set('refresh_token', token.refreshToken);
    else body.set('access_token', token.accessToken);
    try {
      const res = await httpRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        timeoutMs: Math.min(budgetMs, o.timeoutMs),
        maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
        ...(this.#deps.fetch ? { fetch: this.#deps.fetch } : {}),
        ...(this.#deps.breakers ? { breaker: this.#deps.breakers.for(url) } : {}),
      });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  #granted(tokens: oidc.TokenEndpointResponse, authOrigin: string, apiOrigin: string): SamsungTokens {
    const raw = tokens as unknown as Record<string, unknown>;
    const now = (this.#deps.now ?? Date.now)();
    const refreshIn = typeof raw.refresh_token_expires_in === 'number' ? raw.refresh_token_expires_in : undefined;
    return {
      accessToken: tokens.access_token,
      userId: raw.userId as string,
      expiresAt: typeof tokens.expires_in === 'number' ? now + tokens.expires_in * 1000 : undefined,
      refreshToken: typeof tokens.refresh_token === 'string' ? tokens.refresh_token : undefined,
      refreshTokenExpiresAt: refreshIn === undefined ? undefined : now + refreshIn * 1000,
      authOrigin,
      apiOrigin,
      apiServerUrl: typeof raw.api_server_url === 'string' ? raw.api_server_url : undefined,
    };
  }

  #configFor(tokenUrl: string): oidc.Configuration {
    const cached = this.#configs.get(tokenUrl);
    if (cached) return cached;
    const config = this.#newConfig(tokenUrl);
    // Allow-listed regional hosts are few; a wildcard could name many: the cache stays bounded.
    if (tokenUrl === this.#options.tokenUrl || this.#configs.size < MAX_CACHED_CONFIGS) this.#configs.set(tokenUrl, config);
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
