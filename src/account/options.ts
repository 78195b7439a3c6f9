/**
 * Options of the Samsung Account login helper, checked once at the boundary: every problem is
 * listed at once (a {@link ConfigError}), then the resolved options are frozen.
 */
import { ConfigError, type ConfigProblem } from '../errors.js';
import { hostPatternProblem, httpUrlProblem, upstreamUrlProblem } from '../config/url-rules.js';
import { SAMSUNG_REGION_HOSTS } from './region-hosts.js';

/** Samsung Account's host (signInGate, signOutGate). */
export const DEFAULT_ACCOUNT_URL = 'https://account.samsung.com';
/** Samsung Account's token endpoint. */
export const DEFAULT_TOKEN_URL = 'https://us-auth2.samsungosp.com/auth/oauth2/token';
/** Samsung Account's API host (the profile), when the callback names none. */
export const DEFAULT_API_URL = 'https://api.samsungosp.com';
/** PROTOCOL §1.1: public samples use the `v1` form; seed 004 prints `/accounts/{ALIAS_ID}/signInGate`. */
export const DEFAULT_SIGN_IN_PATH = '/accounts/v1/{aliasId}/signInGate';
export const DEFAULT_SIGN_OUT_PATH = '/accounts/v1/{aliasId}/signOutGate';

/** The Samsung Account client the login helper signs in with. Required: `clientId`, `clientSecret`, `aliasId`, `redirectUri`, `signOutUrl`. */
export interface SamsungAccountOptions {
  /** Samsung Account client id (`SAMSUNG_CLIENT_ID`). */
  clientId: string;
  /** Samsung Account client secret (`SAMSUNG_CLIENT_SECRET`); sent only to the token endpoint. */
  clientSecret: string;
  /** The alias id that maps the Samsung Account to the client id (`SAMSUNG_ALIAS_ID`). */
  aliasId: string;
  /** The registered redirect URI; never derived from the request's Host. */
  redirectUri: string;
  /** Where signOutGate sends the browser after sign-out. */
  signOutUrl: string;
  /** Account host; signInGate and signOutGate live under it. Default `https://account.samsung.com`. */
  accountUrl?: string;
  /** Token endpoint. Default `https://us-auth2.samsungosp.com/auth/oauth2/token`. */
  tokenUrl?: string;
  /** API host of the profile call when the callback names none. Default `https://api.samsungosp.com`. */
  apiUrl?: string;
  /**
   * Regional hosts the callback's `auth_server_url` and `api_server_url` may name (exact host
   * names; `*.domain` wildcards are possible but hand the client secret to any subdomain, a
   * dangling one included). Used over https, or plain http with a port for loopback hosts.
   * Default: the production hosts Samsung's own sample app allows ({@link SAMSUNG_REGION_HOSTS});
   * `[]` always uses the configured URLs.
   */
  trustedAuthHosts?: readonly string[];
  /** Path template of signInGate under the account URL; `{aliasId}` is replaced. */
  signInPath?: string;
  /** Path template of signOutGate under the account URL; `{aliasId}` is replaced. */
  signOutPath?: string;
  /**
   * `response_type` sent to signInGate. Samsung wants the upper-case `CODE` (seed 004, the
   * default); standard OAuth 2.0 servers want `code`.
   */
  responseType?: 'CODE' | 'code';
  /** Extra signInGate parameters passed through (`countryCode`, `locale`, `scope`, `prompt`). */
  authorizationParams?: Readonly<Record<string, string>>;
  /** Time budget of the token exchange, in ms. Default 10000. */
  timeoutMs?: number;
  /** Lifetime of a pending login (its state), in seconds. Default 600. */
  stateTtlSeconds?: number;
  /** Pending logins kept per browser session; the oldest is dropped beyond it. Default 5. */
  maxPendingLogins?: number;
}

/** {@link SamsungAccountOptions} checked, with defaults filled and URLs built; frozen. */
export interface ResolvedAccountOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly aliasId: string;
  readonly redirectUri: string;
  readonly signOutUrl: string;
  readonly accountUrl: string;
  readonly tokenUrl: string;
  readonly apiUrl: string;
  readonly trustedAuthHosts: readonly string[];
  readonly signInUrl: string;
  readonly signOutGateUrl: string;
  readonly authorizationParams: Readonly<Record<string, string>>;
  readonly responseType: 'CODE' | 'code';
  readonly timeoutMs: number;
  readonly stateTtlSeconds: number;
  readonly maxPendingLogins: number;
}

const PASS_THROUGH_PARAMS = new Set(['countryCode', 'locale', 'scope', 'prompt']);

/** Option name -> how the problem is reported (the env loader passes env variable names). */
export type OptionNames = Partial<Record<keyof SamsungAccountOptions, string>>;

/** Checks the options and lists every problem; returns the problems (empty when fine). */
export function accountOptionProblems(input: Partial<SamsungAccountOptions>, names: OptionNames = {}): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const name = (k: keyof SamsungAccountOptions) => names[k] ?? k;
  const required = (k: 'clientId' | 'clientSecret' | 'aliasId', example: string) => {
    const v = input[k];
    if (typeof v !== 'string' || v.trim() === '') problems.push({ variable: name(k), problem: 'is required', example });
  };
  required('clientId', 'your Samsung Account client id');
  required('clientSecret', 'your Samsung Account client secret');
  required('aliasId', 'the ALIAS_ID Samsung gave you');
  if (typeof input.aliasId === 'string' && input.aliasId && !/^[A-Za-z0-9._-]+$/.test(input.aliasId)) {
    problems.push({ variable: name('aliasId'), problem: 'may hold only letters, digits, ".", "_" and "-"' });
  }
  for (const k of ['accountUrl', 'tokenUrl', 'apiUrl'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    const p = upstreamUrlProblem(v);
    if (p) problems.push({ variable: name(k), problem: p, example: k === 'accountUrl' ? DEFAULT_ACCOUNT_URL : DEFAULT_TOKEN_URL });
  }
  for (const k of ['redirectUri', 'signOutUrl'] as const) {
    const v = input[k];
    if (typeof v !== 'string' || v === '') {
      problems.push({ variable: name(k), problem: 'is required', example: 'https://portal.example.com/auth/callback' });
      continue;
    }
    const p = httpUrlProblem(v);
    if (p) problems.push({ variable: name(k), problem: p, example: 'https://portal.example.com/auth/callback' });
    else if (k === 'redirectUri' && new URL(v).search) {
      // openid-client sends redirect_uri without its query; a registered URI with one would never match.
      problems.push({ variable: name(k), problem: 'must not have a query string', example: 'https://portal.example.com/auth/callback' });
    }
  }
  for (const pattern of input.trustedAuthHosts ?? []) {
    const p = hostPatternProblem(pattern);
    if (p) problems.push({ variable: name('trustedAuthHosts'), problem: p, example: '*.samsungosp.com' });
  }
  for (const k of ['signInPath', 'signOutPath'] as const) {
    const v = input[k];
    if (v !== undefined && !v.startsWith('/')) {
      problems.push({ variable: name(k), problem: 'must start with "/" (it may contain {aliasId})', example: DEFAULT_SIGN_IN_PATH });
    }
  }
  for (const key of Object.keys(input.authorizationParams ?? {})) {
    if (!PASS_THROUGH_PARAMS.has(key)) {
      problems.push({
        variable: name('authorizationParams'),
        problem: `"${key}" is not a pass-through signInGate parameter (allowed: ${[...PASS_THROUGH_PARAMS].join(', ')})`,
      });
    }
  }
  const positive = (k: 'timeoutMs' | 'stateTtlSeconds' | 'maxPendingLogins', max: number) => {
    const v = input[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > max)) {
      problems.push({ variable: name(k), problem: `must be a whole number from 1 to ${max}` });
    }
  };
  if (input.responseType !== undefined && input.responseType !== 'CODE' && input.responseType !== 'code') {
    problems.push({ variable: name('responseType'), problem: 'must be "CODE" (Samsung) or "code" (standard OAuth 2.0)' });
  }
  positive('timeoutMs', 120_000);
  positive('stateTtlSeconds', 3600);
  positive('maxPendingLogins', 50);
  return problems;
}

/**
 * Validates once, fills defaults, freezes. {@link samsungAuth} calls it; call it yourself to
 * check options at start-up or to build URLs.
 *
 * @throws {@link ConfigError} listing every problem.
 * @example
 * ```ts
 * const account = resolveAccountOptions({
 *   clientId: 'id',
 *   clientSecret: 'secret',
 *   aliasId: 'alias',
 *   redirectUri: 'https://portal.example.com/auth/callback',
 *   signOutUrl: 'https://portal.example.com/',
 * });
 * account.signInUrl; // 'https://account.samsung.com/accounts/v1/alias/signInGate'
 * ```
 */
export function resolveAccountOptions(input: SamsungAccountOptions, names: OptionNames = {}): ResolvedAccountOptions {
  const problems = accountOptionProblems(input, names);
  if (problems.length > 0) throw new ConfigError(problems);
  const accountUrl = (input.accountUrl ?? DEFAULT_ACCOUNT_URL).replace(/\/+$/, '');
  const aliasPath = (template: string) => template.replace('{aliasId}', encodeURIComponent(input.aliasId));
  return Object.freeze({
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    aliasId: input.aliasId,
    redirectUri: input.redirectUri,
    signOutUrl: input.signOutUrl,
    accountUrl,
    tokenUrl: input.tokenUrl ?? DEFAULT_TOKEN_URL,
    apiUrl: (input.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    trustedAuthHosts: Object.freeze([...(input.trustedAuthHosts ?? SAMSUNG_REGION_HOSTS)]),
    signInUrl: accountUrl + aliasPath(input.signInPath ?? DEFAULT_SIGN_IN_PATH),
    signOutGateUrl: accountUrl + aliasPath(input.signOutPath ?? DEFAULT_SIGN_OUT_PATH),
    authorizationParams: Object.freeze({ ...(input.authorizationParams ?? {}) }),
    responseType: input.responseType ?? 'CODE',
    timeoutMs: input.timeoutMs ?? 10_000,
    stateTtlSeconds: input.stateTtlSeconds ?? 600,
    maxPendingLogins: input.maxPendingLogins ?? 5,
  });
}
