/**
 * Builds the portal's Galaxy routines from configuration: the service accounts (from
 * GALAXY_SERVICE_ACCOUNTS, or the sandbox's demo account in sandbox mode), the token cipher
 * (TOKEN_ENCRYPTION_KEY, or a key generated and kept under DATA_DIR in sandbox mode), the
 * inventory file under DATA_DIR, and the rate limiter. Without service accounts, Galaxy
 * features are off and the portal runs sign-in alone.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { PortalConfig } from '../config/load-config.js';
import { loadPrivateKey } from '../galaxy/load-private-key.js';
import { TokenCipher } from '../galaxy/token-cipher.js';
import { isLoopbackHost } from '../config/url-rules.js';
import type { FetchLike } from '../http/request.js';
import type { Logger } from '../log.js';
import type { Stores } from '../stores/create-stores.js';
import { CircuitBreaker } from '../http/circuit-breaker.js';
import { GalaxyPortal } from './galaxy-portal.js';
import { loadServiceAccounts, type ServiceAccountConfig } from './service-accounts-config.js';
import type { Role } from './roles.js';

/** Sandbox mode: the first demo user is an admin, the second a releaser, the others viewers. */
export function demoRoles(userIds: readonly string[]): Record<string, Role> {
  return Object.fromEntries(userIds.map((id, i) => [id, i === 0 ? 'admin' : i === 1 ? 'releaser' : 'viewer']));
}

export interface DemoAccount {
  id: string;
  name: string;
  privateKeyFile: string;
  scopes: readonly ('publishing' | 'gss')[];
  /** Each demo user's role. */
  roles: Readonly<Record<string, Role>>;
}

export interface GalaxySetupDeps {
  /** Where the inventory and rate limits live. */
  stores: Stores;
  /** The Galaxy upstream's circuit breaker. */
  breaker?: CircuitBreaker;
  /** The sandbox's demo service account (sandbox mode). */
  demoAccount?: DemoAccount;
  /** The upload URL when it is known only at start (the embedded sandbox's upload host); GALAXY_UPLOAD_URL otherwise. */
  uploadUrl?: string;
  logger?: Logger;
  fetch?: FetchLike;
  now?: () => number;
}

export async function createGalaxyPortalFromConfig(config: PortalConfig, deps: GalaxySetupDeps): Promise<GalaxyPortal | undefined> {
  let accounts: ServiceAccountConfig[];
  if (config.galaxy.serviceAccountsFile !== undefined) {
    const loaded = await loadServiceAccounts(resolve(config.galaxy.serviceAccountsFile));
    if (loaded.problems.length > 0) throw new ConfigError(loaded.problems);
    accounts = loaded.accounts;
  } else if (config.sandbox.enabled && deps.demoAccount) {
    const demo = deps.demoAccount;
    accounts = [
      Object.freeze({
        id: demo.id,
        name: demo.name,
        privateKeyFile: demo.privateKeyFile,
        scopes: Object.freeze([...demo.scopes]),
        operators: Object.freeze(Object.keys(demo.roles).filter((id) => demo.roles[id] === 'admin')),
        roles: Object.freeze(Object.assign(Object.create(null) as Record<string, Role>, demo.roles)),
        key: await loadPrivateKey({ file: demo.privateKeyFile }),
      }),
    ];
  } else {
    return undefined;
  }

  const dataDir = resolve(config.dataDir);
  const cipher = TokenCipher.fromKeyList(config.galaxy.encryptionKey ?? (await sandboxKeyList(dataDir)));
  const inventory = await deps.stores.openInventory();
  const apiHost = new URL(config.galaxy.apiUrl).hostname;
  const uploadUrl = deps.uploadUrl ?? config.galaxy.uploadUrl;
  const window = config.galaxy.rateLimit.windowSeconds * 1000;
  return GalaxyPortal.create({
    accounts,
    connection: {
      apiUrl: config.galaxy.apiUrl,
      timeoutMs: config.galaxy.timeoutMs,
      allowInsecureHttp: isLoopbackHost(apiHost),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      breaker: deps.breaker ?? new CircuitBreaker({ name: 'Galaxy Store API', ...config.circuit }),
    },
    store: inventory.store,
    cipher,
    rateLimiter: deps.stores.rateLimiter(config.galaxy.rateLimit.limit, window),
    readRateLimiter: deps.stores.rateLimiter(config.galaxy.rateLimit.readLimit, window),
    releaseRateLimiter: deps.stores.rateLimiter(config.galaxy.rateLimit.releaseLimit, window),
    ...(uploadUrl ? { uploadUrl } : {}),
    maxUploadBytes: config.galaxy.maxUploadBytes,
    uploadTimeoutMs: config.galaxy.uploadTimeoutMs,
    appLock: deps.stores.tryLock,
    storeDescription: inventory.description,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
}

/** Sandbox mode: a token key generated once and kept (mode 0600) under DATA_DIR/sandbox. */
async function sandboxKeyList(dataDir: string): Promise<string> {
  const file = join(dataDir, 'sandbox', 'token-encryption-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(join(dataDir, 'sandbox'), { recursive: true, mode: 0o700 });
  const spec = `sandbox:${TokenCipher.generateKey().toString('base64')}`;
  await writeFile(file, `${spec}\n`, { mode: 0o600, flag: 'wx' });
  return spec;
}
