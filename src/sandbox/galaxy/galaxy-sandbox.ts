/**
 * The Galaxy Store part of the sandbox (PROTOCOL §2, §3): access tokens from service account JWTs,
 * token check and revoke, and the Developer API over one consistent state per app: content and
 * binaries, the upload host on its own port, staged rollout, IAP items, GSS metrics. Strict where
 * Samsung is strict. Tokens live in memory only and are never logged.
 */
import express from 'express';
import type { KeyObject } from 'node:crypto';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';
import { accessTokenRoutes } from './access-token-routes.js';
import { contentRoutes } from './content-routes.js';
import { demoApps } from './demo-apps.js';
import { ensureDemoServiceAccount, type DemoServiceAccount } from './demo-service-account.js';
import { gssRoutes } from './gss-routes.js';
import { iapRoutes } from './iap-routes.js';
import { IssuedTokens, type IssuedTokensView } from './issued-tokens.js';
import { PublishingState } from './publishing-state.js';
import { rolloutRoutes } from './rollout-routes.js';
import { ServiceAccounts, type RegisteredServiceAccount } from './service-accounts.js';
import { startUploadHost } from './upload-host.js';
import { UploadedFiles } from './uploaded-files.js';

export type { DemoServiceAccount } from './demo-service-account.js';
export type { RegisteredServiceAccount } from './service-accounts.js';
export type { IssuedTokensView } from './issued-tokens.js';

/** Sandbox routes whose calls may change the seller's data (what a dry run must never call). */
export const STATE_CHANGING_ROUTES: readonly string[] = Object.freeze([
  'galaxy.createUploadSession',
  'galaxy.fileUpload',
  'galaxy.contentUpdate',
  'galaxy.addBinary',
  'galaxy.updateBinary',
  'galaxy.deleteBinary',
  'galaxy.contentSubmit',
  'galaxy.contentStatusUpdate',
  'galaxy.setRolloutRate',
  'galaxy.setRolloutBinary',
  'galaxy.iapCreate',
  'galaxy.iapReplace',
  'galaxy.iapPatch',
  'galaxy.iapDelete',
]);

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
  /** Address and port of the upload host (port 0: a free one). */
  uploadHost: string;
  uploadPort?: number;
  /** How long review takes, in milliseconds. */
  reviewMs: number;
  /** Lifetime of an upload session, in milliseconds (default 24 h). */
  uploadSessionTtlMs?: number;
}

export interface GalaxySandbox {
  router: express.Router;
  /** Registered at start; its key is at `privateKeyFile` (mode 0600). */
  demoServiceAccount: DemoServiceAccount;
  /** The folder holding the demo key and `demo-service-account.json`. */
  demoDir: string;
  /** The upload host's fileUpload URL (`GALAXY_UPLOAD_URL`). */
  uploadUrl: string;
  /** Registers (or replaces) a service account: id, public key, scopes. For tests. */
  registerServiceAccount(account: RegisteredServiceAccount): void;
  /** Removes a service account; its tokens stop working. */
  removeServiceAccount(id: string): boolean;
  /** Counts of issued, active and revoked tokens (never the tokens). */
  readonly tokens: IssuedTokensView;
  /** The apps' state (for tests: read what a client did). */
  readonly publishing: PublishingState;
  /** Calls received by the routes that may change data ({@link STATE_CHANGING_ROUTES}). */
  stateChangingCalls(): number;
  /** Files the upload host stored completely (a cut-off upload stores none). */
  uploadedFiles(): number;
  /** Stops the upload host. */
  close(): Promise<void>;
}

/**
 * Builds the Galaxy Store part of the sandbox: registers the demo service account (creating its
 * key on first start), starts the upload host, and returns the router to mount.
 */
export async function createGalaxySandbox(ctx: GalaxySandboxContext): Promise<GalaxySandbox> {
  const accounts = new ServiceAccounts();
  const tokens = new IssuedTokens(ctx.newAccessToken);
  const demo = await ensureDemoServiceAccount(ctx.dataDir);
  accounts.register({ id: demo.account.id, publicKey: demo.privateKey satisfies KeyObject, scopes: demo.account.scopes });

  const state = new PublishingState(demoApps(), ctx.reviewMs);
  const files = new UploadedFiles(ctx.uploadSessionTtlMs);
  const routeCtx = { counters: ctx.counters, faults: ctx.faults, accounts, tokens, state, files };
  const uploadHost = await startUploadHost(routeCtx, ctx.uploadHost, ctx.uploadPort);
  const router = express.Router();
  router.use(accessTokenRoutes(routeCtx));
  router.use(contentRoutes({ ...routeCtx, uploadUrl: uploadHost.url }));
  router.use(rolloutRoutes(routeCtx));
  router.use(iapRoutes(routeCtx));
  router.use(gssRoutes(routeCtx));

  return {
    router,
    demoServiceAccount: demo.account,
    demoDir: demo.dir,
    uploadUrl: uploadHost.url,
    registerServiceAccount: (account) => accounts.register(account),
    removeServiceAccount: (id) => accounts.remove(id),
    tokens,
    publishing: state,
    stateChangingCalls: () => STATE_CHANGING_ROUTES.reduce((n, r) => n + ctx.counters.get(r), 0),
    uploadedFiles: () => files.count,
    close: () => uploadHost.close(),
  };
}
