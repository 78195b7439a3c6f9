/**
 * The Galaxy Store part of the sandbox (PROTOCOL §2, §3): access tokens from service account JWTs,
 * token check and revoke, and a few seller APIs with demo data. Strict where Samsung is strict.
 * Tokens live in memory only and are never logged.
 */
import express from 'express';
import type { KeyObject } from 'node:crypto';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';
import { accessTokenRoutes } from './access-token-routes.js';
import { ensureDemoServiceAccount, type DemoServiceAccount } from './demo-service-account.js';
import { IssuedTokens, type IssuedTokensView } from './issued-tokens.js';
import { sellerRoutes } from './seller-routes.js';
import { ServiceAccounts, type RegisteredServiceAccount } from './service-accounts.js';

export type { DemoServiceAccount } from './demo-service-account.js';
export type { RegisteredServiceAccount } from './service-accounts.js';
export type { IssuedTokensView } from './issued-tokens.js';

export interface GalaxySandboxContext {
  publicUrl: string;
  counters: Counters;
  faults: Faults;
  /** Where the demo service account's key and descriptor go; a temporary folder when omitted. */
  dataDir: string | undefined;
  /** Samsung user ids of the sandbox's demo users (the portal makes them operators). */
  operators: readonly string[];
  /** Makes each access token issued; default 144 random bits, base64url. */
  newAccessToken?: () => string;
}

export interface GalaxySandbox {
  router: express.Router;
  /** Registered at start; its key is at `privateKeyFile` (mode 0600). */
  demoServiceAccount: DemoServiceAccount;
  /** The folder holding the demo key and `demo-service-account.json`. */
  demoDir: string;
  /** Registers (or replaces) a service account: id, public key, scopes. For tests. */
  registerServiceAccount(account: RegisteredServiceAccount): void;
  /** Removes a service account; its tokens stop working. */
  removeServiceAccount(id: string): boolean;
  /** Counts of issued, active and revoked tokens (never the tokens). */
  readonly tokens: IssuedTokensView;
}

/**
 * Builds the Galaxy Store part of the sandbox: registers the demo service account (creating its
 * key on first start) and returns the router to mount.
 */
export async function createGalaxySandbox(ctx: GalaxySandboxContext): Promise<GalaxySandbox> {
  const accounts = new ServiceAccounts();
  const tokens = new IssuedTokens(ctx.newAccessToken);
  const demo = await ensureDemoServiceAccount(ctx.dataDir);
  accounts.register({ id: demo.account.id, publicKey: demo.privateKey satisfies KeyObject, scopes: demo.account.scopes });

  const routeCtx = { counters: ctx.counters, faults: ctx.faults, accounts, tokens };
  const router = express.Router();
  router.use(accessTokenRoutes(routeCtx));
  router.use(sellerRoutes(routeCtx));

  return {
    router,
    demoServiceAccount: demo.account,
    demoDir: demo.dir,
    registerServiceAccount: (account) => accounts.register(account),
    removeServiceAccount: (id) => accounts.remove(id),
    tokens,
  };
}
