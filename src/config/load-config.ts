/**
 * The portal's configuration, from the environment (and `.env`), validated once at start: every
 * problem is listed at once (variable, what is wrong, an example), then the result is frozen.
 *
 * Sandbox mode: when `SAMSUNG_CLIENT_ID` is unset outside production (or with `SANDBOX=1`) the
 * portal runs against the built-in sandbox on `PORT+1` with generated credentials; `SANDBOX=0`
 * forces real mode. Sandbox mode refuses the settings of a real deployment (service accounts,
 * token key, a remote Redis) unless `SANDBOX_ALLOW_REAL_SETTINGS=1`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EnvReader } from './env-reader.js';
import { readAccountConfig } from './account-config.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { SamsungAccountOptions } from '../account/options.js';
import { httpUrlProblem, isLoopbackHost, upstreamUrlProblem } from './url-rules.js';
import { TokenCipher } from '../galaxy/token-cipher.js';
import { DEFAULT_GALAXY_API_URL } from '../galaxy/lib/send-galaxy-request.js';

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
  readonly galaxy: {
    /** GALAXY_SERVICE_ACCOUNTS: the JSON file of service accounts; undefined turns Galaxy features off (outside sandbox mode). */
    readonly serviceAccountsFile: string | undefined;
    readonly apiUrl: string;
    readonly timeoutMs: number;
    /** TOKEN_ENCRYPTION_KEY as `id:BASE64[,id:BASE64...]` (first seals); undefined in sandbox mode means generated. */
    readonly encryptionKey: string | undefined;
    /** Per user per window: mint and revoke operations (`limit`), and reads that call Galaxy Store (`readLimit`). */
    readonly rateLimit: { readonly limit: number; readonly readLimit: number; readonly windowSeconds: number };
  };
  readonly redis: { readonly url: string | undefined; readonly commandTimeoutMs: number; readonly keyPrefix: string };
  /** Circuit breakers of the upstreams (Samsung token endpoint, Galaxy API). */
  readonly circuit: { readonly failureThreshold: number; readonly openSeconds: number };
  /** Sign-in attempts (login and callback, each) per client address per window; limit 0 turns it off. */
  readonly signInRateLimit: { readonly limit: number; readonly windowSeconds: number };
  /** Prometheus `/metrics` on a listener of its own: METRICS_PORT (undefined = off), METRICS_HOST. */
  readonly metrics: { readonly port: number | undefined; readonly host: string };
  /** Graceful shutdown deadline, in ms. */
  readonly shutdownTimeoutMs: number;
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

  const sandboxFlag = str('SANDBOX');
  if (sandboxFlag !== undefined && !['0', '1', 'true', 'false'].includes(sandboxFlag)) {
    problems.push({ variable: 'SANDBOX', problem: 'must be 1 or 0', example: '1' });
  }
  const nodeEnv = str('NODE_ENV') ?? 'development';
  const sandboxAsked = sandboxFlag === '1' || sandboxFlag === 'true';
  // Sandbox mode by default only outside production: a production deployment that lost its
  // SAMSUNG_CLIENT_ID must not quietly let anyone sign in as a demo user.
  const sandboxByDefault = sandboxFlag === undefined && str('SAMSUNG_CLIENT_ID') === undefined;
  const sandboxEnabled = sandboxAsked || (sandboxByDefault && nodeEnv !== 'production');
  if (sandboxByDefault && nodeEnv === 'production') {
    problems.push({
      variable: 'SANDBOX',
      problem: 'NODE_ENV is production and SAMSUNG_CLIENT_ID is unset: set the SAMSUNG_* credentials, or SANDBOX=1 to run the built-in sandbox on purpose',
      example: '1',
    });
  }

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

  // Sessions
  const rawSecrets = (str('SESSION_SECRET') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let secrets = rawSecrets;
  if (rawSecrets.length === 0) {
    if (sandboxEnabled) secrets = [randomBytes(32).toString('base64url')];
    else problems.push({ variable: 'SESSION_SECRET', problem: 'is required outside sandbox mode (at least 32 bytes; a comma-separated list allows rotation, the first signs)', example: '$(openssl rand -base64 48)' });
  } else if (rawSecrets.some((s) => Buffer.byteLength(s) < 32)) {
    problems.push({ variable: 'SESSION_SECRET', problem: 'each secret must be at least 32 bytes', example: '$(openssl rand -base64 48)' });
  }
  const store = str('SESSION_STORE') ?? 'memory';
  let redisUrl: string | undefined;
  if (store.startsWith('redis://') || store.startsWith('rediss://')) {
    try {
      new URL(store);
      redisUrl = store;
    } catch {
      problems.push({ variable: 'SESSION_STORE', problem: 'is not a valid Redis URL', example: 'redis://127.0.0.1:6379/0' });
    }
  } else if (store !== 'memory') {
    problems.push({ variable: 'SESSION_STORE', problem: 'must be "memory" or a redis:// URL', example: 'redis://127.0.0.1:6379/0' });
  }
  const redisCommandTimeoutMs = int('REDIS_COMMAND_TIMEOUT_MS', 500, 10, 60_000, '500');
  const redisKeyPrefix = str('REDIS_KEY_PREFIX') ?? 'sak:';
  const failureThreshold = int('CIRCUIT_FAILURE_THRESHOLD', 5, 1, 1000, '5');
  const openSeconds = int('CIRCUIT_OPEN_SECONDS', 30, 1, 3600, '30');
  const metricsPort = str('METRICS_PORT') === undefined ? undefined : int('METRICS_PORT', 0, 1, 65535, '9464');
  const metricsHost = str('METRICS_HOST') ?? '127.0.0.1';
  const signInLimit = int('SIGNIN_RATE_LIMIT', 60, 0, 1_000_000, '60');
  const signInWindow = int('SIGNIN_RATE_WINDOW_SECONDS', 60, 1, 86_400, '60');
  const shutdownTimeoutMs = int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000, '10000');
  const idleMinutes = int('SESSION_IDLE_MINUTES', 30, 1, 7 * 24 * 60, '30');
  const maxHours = int('SESSION_MAX_HOURS', 12, 1, 24 * 30, '12');
  const memoryMaxEntries = int('SESSION_MEMORY_MAX_ENTRIES', 100_000, 100, 10_000_000, '100000');

  // Galaxy Store
  const serviceAccountsFile = str('GALAXY_SERVICE_ACCOUNTS');
  let galaxyApiUrl = (str('GALAXY_API_URL') ?? DEFAULT_GALAXY_API_URL).replace(/\/+$/, '');
  const apiProblem = upstreamUrlProblem(galaxyApiUrl);
  if (apiProblem) problems.push({ variable: 'GALAXY_API_URL', problem: apiProblem, example: DEFAULT_GALAXY_API_URL });
  if (sandboxEnabled) galaxyApiUrl = `http://127.0.0.1:${sandboxPort}`;
  const encryptionKey = str('TOKEN_ENCRYPTION_KEY');
  let normalisedKey: string | undefined;
  if (encryptionKey !== undefined) {
    normalisedKey = normaliseKeyList(encryptionKey);
    try {
      TokenCipher.fromKeyList(normalisedKey);
    } catch (err) {
      problems.push({
        variable: 'TOKEN_ENCRYPTION_KEY',
        problem: err instanceof ConfigError ? err.problems.map((p) => `${p.variable} ${p.problem}`).join('; ') : 'is not a valid key list',
        example: 'k1:$(openssl rand -base64 32)',
      });
    }
  } else if (serviceAccountsFile !== undefined && !sandboxEnabled) {
    problems.push({ variable: 'TOKEN_ENCRYPTION_KEY', problem: 'is required when GALAXY_SERVICE_ACCOUNTS is set (32 bytes, base64; "id:KEY" to name it)', example: 'k1:$(openssl rand -base64 32)' });
  }
  const galaxyTimeoutMs = int('GALAXY_TIMEOUT_MS', 15_000, 1, 120_000, '15000');
  const rateLimit = int('GALAXY_RATE_LIMIT', 20, 1, 10_000, '20');
  const readRateLimit = int('GALAXY_READ_RATE_LIMIT', 600, 1, 1_000_000, '600');
  const rateWindow = int('GALAXY_RATE_WINDOW_SECONDS', 600, 1, 86_400, '600');

  if (sandboxEnabled) problems.push(...realSettingsInSandbox(env, redisUrl));
  if (problems.length > 0) throw new ConfigError(problems);
  if (sandboxEnabled) {
    warnings.push('SANDBOX MODE: sign-in goes to the built-in sandbox, where anyone who reaches this port signs in as a demo user. For trying things out only; never expose it.');
  }

  if (nodeEnv === 'production' && redisUrl === undefined) {
    warnings.push('Sessions are kept in this process\'s memory (bounded, pruned): they are lost on restart and not shared between instances. Set SESSION_STORE=redis://... to run several instances.');
  }
  if (nodeEnv === 'production') {
    if (baseUrl.startsWith('http:')) warnings.push('BASE_URL is plain http in production: session cookies are not Secure.');
  }
  if (baseUrl.startsWith('https:') && trustProxy === false) {
    warnings.push('BASE_URL is https but TRUST_PROXY is not set: behind a TLS-terminating proxy the session cookie will not be set.');
  }

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
    galaxy: {
      serviceAccountsFile,
      apiUrl: galaxyApiUrl,
      timeoutMs: galaxyTimeoutMs,
      encryptionKey: normalisedKey,
      rateLimit: { limit: rateLimit, readLimit: readRateLimit, windowSeconds: rateWindow },
    },
    redis: { url: redisUrl, commandTimeoutMs: redisCommandTimeoutMs, keyPrefix: redisKeyPrefix },
    circuit: { failureThreshold, openSeconds },
    signInRateLimit: { limit: signInLimit, windowSeconds: signInWindow },
    metrics: { port: metricsPort, host: metricsHost },
    shutdownTimeoutMs,
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

/** `KEY` or `id:KEY`, comma-separated; a key without an id is named after its hash. */
function normaliseKeyList(spec: string): string {
  return spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (p.includes(':') ? p : `k${createHash('sha256').update(p).digest('hex').slice(0, 8)}:${p}`))
    .join(',');
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
