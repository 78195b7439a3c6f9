/**
 * The portal's configuration, from the environment (and `.env`), validated once at start: every
 * problem is listed at once (variable, what is wrong, an example), then the result is frozen.
 *
 * Sandbox mode: when `SAMSUNG_CLIENT_ID` is unset outside production (or with `SANDBOX=1`) the
 * portal runs against the built-in sandbox on `PORT+1` with generated credentials; `SANDBOX=0`
 * forces real mode. Sandbox mode refuses the settings of a real deployment (service accounts,
 * token key, a remote Redis) unless `SANDBOX_ALLOW_REAL_SETTINGS=1`.
 */
import { EnvReader } from './env-reader.js';
import { readAccountConfig } from './account-config.js';
import { readSessionStoreConfig } from './session-store-config.js';
import { readGalaxyConfig, type GalaxyConfig } from './galaxy-config.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { SamsungAccountOptions } from '../account/options.js';
import { httpUrlProblem, isLoopbackHost } from './url-rules.js';

export type { Env } from './env-reader.js';
import type { Env } from './env-reader.js';

/** The portal's configuration, from {@link loadConfig}: validated and frozen. docs/reference.md lists the variables. */
export interface PortalConfig {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly nodeEnv: string;
  readonly logLevel: string;
  readonly trustProxy: boolean | number | string;
  readonly dataDir: string;
  readonly sandbox: { readonly enabled: boolean; readonly port: number; readonly tokenResponse: 'seed' | 'observed' | 'refresh'; readonly accessTokenSeconds: number };
  readonly account: Readonly<SamsungAccountOptions>;
  /** SAMSUNG_FETCH_PROFILE: fetch the user's profile after sign-in. */
  readonly fetchProfile: boolean;
  readonly galaxy: GalaxyConfig;
  readonly redis: { readonly url: string | undefined; readonly commandTimeoutMs: number; readonly keyPrefix: string };
  /** Circuit breakers of the upstreams (Samsung token endpoint, Galaxy API). */
  readonly circuit: { readonly failureThreshold: number; readonly openSeconds: number };
  /** Sign-in attempts (login and callback, each) per client address per window; limit 0 turns it off. */
  readonly signInRateLimit: { readonly limit: number; readonly windowSeconds: number };
  /** Prometheus `/metrics` on a listener of its own: METRICS_PORT (undefined = off), METRICS_HOST. */
  readonly metrics: { readonly port: number | undefined; readonly host: string };
  /** Graceful shutdown deadline, in ms. */
  readonly shutdownTimeoutMs: number;
  /** REQUEST_BODY_TIMEOUT_MS: how long a request body may take to arrive (uploads have GALAXY_UPLOAD_TIMEOUT_SECONDS). */
  readonly bodyTimeoutMs: number;
  readonly session: {
    readonly secrets: readonly string[];
    readonly store: 'memory' | 'redis';
    readonly idleMinutes: number;
    readonly maxHours: number;
    readonly memoryMaxEntries: number;
  };
  /** Things worth saying at start that are not errors. */
  readonly warnings: readonly string[];
}

export { ACCOUNT_ENV_NAMES } from './account-config.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the portal's configuration from environment variables (README, "Configuration"), checks
 * everything at once and fills defaults; sandbox mode when `SAMSUNG_CLIENT_ID` is unset.
 *
 * @throws {@link ConfigError} listing every problem.
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * console.log(config.baseUrl, config.sandbox.enabled);
 * ```
 */
export function loadConfig(env: Env): PortalConfig {
  const r = new EnvReader(env);
  const { problems, warnings } = r;
  const str = (name: string) => r.str(name);
  const int = (name: string, fallback: number, min: number, max: number, example: string) => r.int(name, fallback, min, max, example);

  const { nodeEnv, sandboxEnabled } = readSandboxMode(r);

  const port = int('PORT', 3000, 1, 65535, '3000');
  const host = str('HOST') ?? '127.0.0.1';
  let baseUrl = (str('BASE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const baseProblem = httpUrlProblem(baseUrl);
  if (baseProblem) {
    problems.push({ variable: 'BASE_URL', problem: baseProblem, example: 'https://portal.example.com' });
    baseUrl = `http://localhost:${port}`;
  } else if (new URL(baseUrl).search) {
    problems.push({ variable: 'BASE_URL', problem: 'must not have a query string', example: 'https://portal.example.com' });
  }
  const sandboxPort = int('SANDBOX_PORT', port + 1, 1, 65535, String(port + 1));
  if (sandboxEnabled && sandboxPort === port) problems.push({ variable: 'SANDBOX_PORT', problem: 'must differ from PORT' });
  const tokenResponse = r.choice('SANDBOX_TOKEN_RESPONSE', ['seed', 'observed', 'refresh'] as const, 'seed');
  const accessTokenSeconds = int('SANDBOX_ACCESS_TOKEN_SECONDS', 3600, 1, 86_400 * 30, '3600');

  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push({ variable: 'LOG_LEVEL', problem: `must be one of ${LOG_LEVELS.join(', ')}`, example: 'info' });

  const trustProxy = parseTrustProxy(str('TRUST_PROXY'));

  const account = readAccountConfig(r, { baseUrl, sandboxEnabled, sandboxPort });
  const fetchProfile = r.flag('SAMSUNG_FETCH_PROFILE', true);

  const { secrets, redisUrl, redisCommandTimeoutMs, redisKeyPrefix } = readSessionStoreConfig(r, sandboxEnabled);
  const failureThreshold = int('CIRCUIT_FAILURE_THRESHOLD', 5, 1, 1000, '5');
  const openSeconds = int('CIRCUIT_OPEN_SECONDS', 30, 1, 3600, '30');
  const metricsPort = str('METRICS_PORT') === undefined ? undefined : int('METRICS_PORT', 0, 1, 65535, '9464');
  const metricsHost = str('METRICS_HOST') ?? '127.0.0.1';
  const signInLimit = int('SIGNIN_RATE_LIMIT', 60, 0, 1_000_000, '60');
  const signInWindow = int('SIGNIN_RATE_WINDOW_SECONDS', 60, 1, 86_400, '60');
  const shutdownTimeoutMs = int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000, '10000');
  const bodyTimeoutMs = int('REQUEST_BODY_TIMEOUT_MS', 30_000, 100, 600_000, '30000');
  const idleMinutes = int('SESSION_IDLE_MINUTES', 30, 1, 7 * 24 * 60, '30');
  const maxHours = int('SESSION_MAX_HOURS', 12, 1, 24 * 30, '12');
  const memoryMaxEntries = int('SESSION_MEMORY_MAX_ENTRIES', 100_000, 100, 10_000_000, '100000');

  const galaxy = readGalaxyConfig(r, { sandboxEnabled, sandboxPort });

  if (sandboxEnabled) problems.push(...realSettingsInSandbox(env, redisUrl));
  if (problems.length > 0) throw new ConfigError(problems);
  if (sandboxEnabled) {
    warnings.push('SANDBOX MODE: sign-in goes to the built-in sandbox, where anyone who reaches this port signs in as a demo user. For trying things out only; never expose it.');
  }

  warnings.push(...deploymentWarnings({ nodeEnv, redisUrl, baseUrl, trustProxy }));

  return deepFreeze({
    port,
    host,
    baseUrl,
    nodeEnv,
    logLevel,
    trustProxy,
    dataDir: str('DATA_DIR') ?? './data',
    sandbox: { enabled: sandboxEnabled, port: sandboxPort, tokenResponse, accessTokenSeconds },
    account,
    fetchProfile,
    galaxy,
    redis: { url: redisUrl, commandTimeoutMs: redisCommandTimeoutMs, keyPrefix: redisKeyPrefix },
    circuit: { failureThreshold, openSeconds },
    signInRateLimit: { limit: signInLimit, windowSeconds: signInWindow },
    metrics: { port: metricsPort, host: metricsHost },
    shutdownTimeoutMs,
    bodyTimeoutMs,
    session: { secrets, store: redisUrl === undefined ? ('memory' as const) : ('redis' as const), idleMinutes, maxHours, memoryMaxEntries },
    warnings,
  });
}

/**
 * Settings of a real deployment refused in sandbox mode unless SANDBOX_ALLOW_REAL_SETTINGS=1: real
 * service-account keys would be used against the sandbox, and a shared Redis would let the
 * sandbox's demo users into real sessions (and mark real tokens revoked).
 */
function realSettingsInSandbox(env: Env, redisUrl: string | undefined): ConfigProblem[] {
  if (env.SANDBOX_ALLOW_REAL_SETTINGS?.trim() === '1') return [];
  const problems: ConfigProblem[] = [];
  const refuse = (variable: string, what: string) =>
    problems.push({ variable, problem: `is set, but the portal runs in sandbox mode: ${what}. Unset it, or set SANDBOX_ALLOW_REAL_SETTINGS=1 if this is on purpose`, example: 'SANDBOX=0 with the SAMSUNG_* credentials' });
  if (env.GALAXY_SERVICE_ACCOUNTS?.trim()) refuse('GALAXY_SERVICE_ACCOUNTS', 'real service-account keys would be used against the sandbox');
  if (env.TOKEN_ENCRYPTION_KEY?.trim()) refuse('TOKEN_ENCRYPTION_KEY', 'it opens a real token inventory');
  if (redisUrl !== undefined && !isLoopbackHost(new URL(redisUrl).hostname)) refuse('SESSION_STORE', 'demo users would share the sessions and tokens of a real deployment');
  return problems;
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Sandbox mode: asked for (SANDBOX=1), or by default when SAMSUNG_CLIENT_ID is unset, but only
 * outside production: a production deployment that lost its SAMSUNG_CLIENT_ID must not quietly
 * let anyone sign in as a demo user.
 */
function readSandboxMode(r: EnvReader): { nodeEnv: string; sandboxEnabled: boolean } {
  const str = (name: string) => r.str(name);
  const problems = r.problems;
  const sandboxFlag = str('SANDBOX');
  if (sandboxFlag !== undefined && !['0', '1', 'true', 'false'].includes(sandboxFlag)) {
    problems.push({ variable: 'SANDBOX', problem: 'must be 1 or 0', example: '1' });
  }
  const nodeEnv = str('NODE_ENV') ?? 'development';
  const sandboxAsked = sandboxFlag === '1' || sandboxFlag === 'true';
  const sandboxByDefault = sandboxFlag === undefined && str('SAMSUNG_CLIENT_ID') === undefined;
  const sandboxEnabled = sandboxAsked || (sandboxByDefault && nodeEnv !== 'production');
  if (sandboxByDefault && nodeEnv === 'production') {
    problems.push({
      variable: 'SANDBOX',
      problem: 'NODE_ENV is production and SAMSUNG_CLIENT_ID is unset: set the SAMSUNG_* credentials, or SANDBOX=1 to run the built-in sandbox on purpose',
      example: '1',
    });
  }

  return { nodeEnv, sandboxEnabled };
}

/** Worth saying at start, though not errors. */
function deploymentWarnings(o: { nodeEnv: string; redisUrl: string | undefined; baseUrl: string; trustProxy: boolean | number | string }): string[] {
  const { nodeEnv, redisUrl, baseUrl, trustProxy } = o;
  const warnings: string[] = [];
  if (nodeEnv === 'production' && redisUrl === undefined) {
    warnings.push('Sessions are kept in this process\'s memory (bounded, pruned): they are lost on restart and not shared between instances. Set SESSION_STORE=redis://... to run several instances.');
  }
  if (nodeEnv === 'production') {
    if (baseUrl.startsWith('http:')) warnings.push('BASE_URL is plain http in production: session cookies are not Secure.');
  }
  if (baseUrl.startsWith('https:') && trustProxy === false) {
    warnings.push('BASE_URL is https but TRUST_PROXY is not set: behind a TLS-terminating proxy the session cookie will not be set.');
  }

  return warnings;
}
