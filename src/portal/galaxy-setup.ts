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

export interface DemoAccount {
  id: string;
  name: string;
  privateKeyFile: string;
  scopes: readonly ('publishing' | 'gss')[];
  operators: readonly string[];
}

export interface GalaxySetupDeps {
  /** Where the inventory and rate limits live. */
  stores: Stores;
  /** The Galaxy upstream's circuit breaker. */
  breaker?: CircuitBreaker;
  /** The sandbox's demo service account (sandbox mode). */
  demoAccount?: DemoAccount;
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
        operators: Object.freeze([...demo.operators]),
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
    rateLimiter: deps.stores.rateLimiter(config.galaxy.rateLimit.limit, config.galaxy.rateLimit.windowSeconds * 1000),
    readRateLimiter: deps.stores.rateLimiter(config.galaxy.rateLimit.readLimit, config.galaxy.rateLimit.windowSeconds * 1000),
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
