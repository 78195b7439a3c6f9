/**
 * The Samsung sandbox: a strict emulator of Samsung Account (signInGate, token endpoint,
 * signOutGate) and of the Galaxy Store Developer API, on one HTTP server. It is how `npm start`
 * signs a user in on a fresh machine, and how every test (yours too) runs without Samsung.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import { VIEWS_DIR } from '../web/views.js';
import { Counters } from './counters.js';
import { Faults, type FaultRule } from './faults.js';
import { controlRoutes } from './control-routes.js';
import { listen } from './listen.js';
import { isLoopbackHost } from '../config/url-rules.js';
import { randomBytes } from 'node:crypto';
import { createAccountSandbox, type AccountSandbox, type SandboxClient, type TokenResponseVariant } from './account/account-sandbox.js';
import { DEMO_USERS, type DemoUser } from './account/demo-users.js';
import { createGalaxySandbox, type GalaxySandbox } from './galaxy/galaxy-sandbox.js';
import { signInThroughSandbox, type SandboxSignIn, type SandboxSignInOptions } from './sign-in-as.js';
import type { GalaxyScope } from '../galaxy/galaxy-scopes.js';

export type { SandboxClient, TokenResponseVariant, DemoUser, SandboxSignIn, SandboxSignInOptions };
export type { FaultRule } from './faults.js';

/** Options of {@link startSandbox}; all optional. */
export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** The URL browsers and clients use to reach the sandbox; default `http://{host}:{port}`. */
  publicUrl?: string;
  /** The client registered with the account part; secret generated when omitted. */
  client?: Partial<SandboxClient>;
  /** Redirect URIs registered for the client (exact match). */
  redirectUris?: string[];
  /** Token response shape: the seed's (default), the observed variant, or `refresh` (real refresh tokens that rotate). */
  tokenResponse?: TokenResponseVariant;
  /** Folder for the demo service account's key (mode 0600); default a temporary folder. */
  dataDir?: string;
  /** Clock, for tests of code expiry. */
  now?: () => number;
  /**
   * Makes each Galaxy Store access token the sandbox issues; default 144 random bits in base64url
   * (24 characters, like seed 001's example). For tests of clients: tokens are opaque, so e.g. one
   * that starts with "-" must work too.
   */
  newGalaxyAccessToken?: () => string;
  /** Port of the second region (token, revoke and profile endpoints); 0 (default) picks a free one. */
  regionPort?: number;
  /** Lifetime of access tokens with `tokenResponse: 'refresh'`, in seconds. Default 3600. */
  accessTokenSeconds?: number;
  /** The token control calls over HTTP must carry (`x-sandbox-control-token`); default random. */
  controlToken?: string;
  /** Port of the Galaxy upload host (a second loopback listener); 0 (default) picks a free one. */
  uploadPort?: number;
  /** Seconds a submitted draft stays in review before it moves on; default 5 (`SANDBOX_REVIEW_SECONDS`). */
  reviewSeconds?: number;
}

/** The sandbox's demo Galaxy Store service account, ready for the toolkit, the CLI or your CI script. */
export interface SandboxServiceAccount {
  /** The service account id (`GALAXY_SERVICE_ACCOUNT_ID`). */
  readonly id: string;
  readonly name: string;
  /** The scopes it holds: `publishing` and `gss`. */
  readonly scopes: readonly GalaxyScope[];
  /** Absolute path of its private key, PKCS#1 PEM, mode 0600 (`GALAXY_PRIVATE_KEY_FILE`). */
  readonly privateKeyFile: string;
  /** The same key as PEM text, for `loadPrivateKey({ text })` or a `GALAXY_PRIVATE_KEY` variable. */
  readonly privateKeyPem: string;
}

/** A running sandbox, from {@link startSandbox}. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:3001`. */
  readonly url: string;
  /** What `SAMSUNG_ACCOUNT_URL` should be. */
  readonly accountUrl: string;
  /** What `SAMSUNG_TOKEN_URL` should be. */
  readonly tokenUrl: string;
  /**
   * The sandbox's second region (`http://127.0.0.1:PORT`): token, revoke and profile endpoints
   * that the callback names (`auth_server_url`, `api_server_url`) for the demo users of region `eu`.
   */
  readonly regionUrl: string;
  /** What `GALAXY_API_URL` should be. */
  readonly galaxyUrl: string;
  /** What `GALAXY_UPLOAD_URL` should be: the upload host's fileUpload URL, on its own port. */
  readonly uploadUrl: string;
  /** The registered account client (id, secret, alias, redirect URIs). */
  readonly client: SandboxClient;
  /** The demo Samsung users signInGate offers (`id` is the Samsung user id your app sees). */
  readonly demoUsers: readonly DemoUser[];
  /** The demo Galaxy service account: id, key file and PEM. */
  readonly demoServiceAccount: SandboxServiceAccount;
  /**
   * Environment variables that point this kit at the sandbox: `SAMSUNG_CLIENT_ID`,
   * `SAMSUNG_CLIENT_SECRET`, `SAMSUNG_ALIAS_ID`, `SAMSUNG_ACCOUNT_URL`, `SAMSUNG_TOKEN_URL`,
   * `GALAXY_API_URL`, `GALAXY_UPLOAD_URL`, `GALAXY_SERVICE_ACCOUNT_ID`, `GALAXY_PRIVATE_KEY_FILE`.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Calls received, per route (e.g. `account.token`), for assertions. */
  readonly counters: Counters;
  /** Faults to inject (delay, hang, status, malformed JSON...), per route. */
  readonly faults: Faults;
  /** The Samsung Account part (client registration, token response variant). */
  readonly account: AccountSandbox;
  /** The Galaxy Store part (service accounts, issued token counts). */
  readonly galaxy: GalaxySandbox;
  /** Registers one more redirect URI for the client (exact match), e.g. once your app's port is known. */
  registerRedirectUri(uri: string): void;
  /**
   * Signs a demo user in to your app as a browser would (login route, signInGate, callback) and
   * returns the session cookie: for tests of protected routes. See {@link SandboxSignInOptions}.
   */
  signIn(options: SandboxSignInOptions): Promise<SandboxSignIn>;
  /**
   * The token that control calls over HTTP (`/__sandbox/faults`, `/__sandbox/counters`,
   * `/__sandbox/reset`) must carry in `x-sandbox-control-token`.
   */
  readonly controlToken: string;
  /** Injects a fault, e.g. `{ route: 'account.token', fault: { status: 500 }, times: 1 }`. */
  addFault(rule: FaultRule): void;
  /** Clears counters, faults and issued codes/tokens' usage counts (not registrations). */
  reset(): void;
  /** Stops the server (open connections included). */
  close(): Promise<void>;
}

/**
 * Starts the sandbox on a free loopback port (by default) and resolves once it listens. The demo
 * service account's key is created in `dataDir` (a temporary folder removed at exit by default).
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ redirectUris: ['http://127.0.0.1:3000/auth/callback'] });
 * // point the login helper at sandbox.accountUrl / sandbox.tokenUrl with sandbox.client,
 * // or pass sandbox.env to code that reads SAMSUNG_* and GALAXY_* variables
 * console.log(sandbox.demoServiceAccount.id, sandbox.demoUsers[0]?.id);
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const counters = new Counters();
  const faults = new Faults();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const main = await listen(app, options.port ?? 0, host);
  const url = (options.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${main.port}`).replace(/\/$/, '');
  // The second region (PROTOCOL §1.2: EU accounts sign in at eu-auth2): its token, revoke and
  // profile endpoints on a port of their own, named in the callback for that region's users.
  const regionApp = express();
  regionApp.disable('x-powered-by');
  const region = await listen(regionApp, options.regionPort ?? 0, host);
  const hostPort = (port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const regionHost = hostPort(region.port);

  const account = createAccountSandbox({
    publicUrl: url,
    counters,
    faults,
    client: options.client,
    redirectUris: options.redirectUris ?? [],
    tokenResponse: options.tokenResponse ?? 'seed',
    ...(options.accessTokenSeconds ? { accessTokenSeconds: options.accessTokenSeconds } : {}),
    regionHosts: { eu: regionHost },
    ...(options.now ? { now: options.now } : {}),
  });
  regionApp.use(account.regionRouter('eu'));
  regionApp.use(notFound, failed);
  const galaxy = await createGalaxySandbox({
    publicUrl: url,
    counters,
    faults,
    dataDir: options.dataDir,
    operators: DEMO_USERS.map((u) => u.id),
    uploadHost: host,
    uploadPort: options.uploadPort ?? 0,
    reviewMs: (options.reviewSeconds ?? 5) * 1000,
    ...(options.newGalaxyAccessToken ? { newAccessToken: options.newGalaxyAccessToken } : {}),
  });

  app.get('/assets/styles.css', (_req, res) => res.sendFile(join(VIEWS_DIR, 'assets', 'styles.css')));
  const controlToken = options.controlToken ?? randomBytes(24).toString('base64url');
  const reset = () => {
    counters.reset();
    faults.clear();
  };
  app.use(controlRoutes({ counters, faults, controlToken, publicUrl: url, reset }));
  app.use(account.router);
  app.use(galaxy.router);
  app.use(notFound, failed);

  const demoServiceAccount = await demoAccountOf(galaxy);
  const tokenUrl = `${url}/auth/oauth2/token`;
  const env = sandboxEnv({ url, tokenUrl, host, account, galaxy });

  return {
    url,
    accountUrl: url,
    tokenUrl,
    galaxyUrl: url,
    uploadUrl: galaxy.uploadUrl,
    regionUrl: `http://${regionHost}`,
    client: account.client,
    demoUsers: DEMO_USERS,
    demoServiceAccount,
    env,
    counters,
    faults,
    account,
    galaxy,
    registerRedirectUri: (uri) => account.registerRedirectUri(uri),
    signIn: (signInOptions) => signInThroughSandbox(url, DEMO_USERS[0]!.id, signInOptions),
    controlToken,
    addFault: (rule) => faults.add(rule),
    reset,
    async close() {
      faults.releaseHanging();
      await Promise.all([main.close(), region.close(), galaxy.close()]);
    },
  };
}

/** The variables that point this kit (or any app reading them) at the sandbox. */
function sandboxEnv(o: { url: string; tokenUrl: string; host: string; account: AccountSandbox; galaxy: GalaxySandbox }): Readonly<Record<string, string>> {
  return Object.freeze({
    SAMSUNG_CLIENT_ID: o.account.client.clientId,
    SAMSUNG_CLIENT_SECRET: o.account.client.clientSecret,
    SAMSUNG_ALIAS_ID: o.account.client.aliasId,
    SAMSUNG_ACCOUNT_URL: o.url,
    SAMSUNG_TOKEN_URL: o.tokenUrl,
    SAMSUNG_API_URL: o.url,
    // The sandbox's regions are loopback hosts: trust them, as the default trusts Samsung's.
    SAMSUNG_TRUSTED_AUTH_HOSTS: isLoopbackHost(o.host) ? o.host.replace(/^\[|\]$/g, '') : new URL(o.url).hostname,
    GALAXY_API_URL: o.url,
    GALAXY_UPLOAD_URL: o.galaxy.uploadUrl,
    GALAXY_SERVICE_ACCOUNT_ID: o.galaxy.demoServiceAccount.id,
    GALAXY_PRIVATE_KEY_FILE: o.galaxy.demoServiceAccount.privateKeyFile,
  });
}

const notFound: express.RequestHandler = (_req, res) => {
  res.status(404).json({ code: 'NOT_FOUND', message: 'No such sandbox endpoint', from: 'sandbox' });
};

/** Never Express's default handler: it would print stacks and send them in development. */
const failed: express.ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  const status = (err as { status?: unknown })?.status;
  const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
  if (code === 500) console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
  if (!res.headersSent) res.status(code).json({ code: code === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', message: 'The sandbox could not handle this request', from: 'sandbox' });
};

async function demoAccountOf(galaxy: GalaxySandbox): Promise<SandboxServiceAccount> {
  const demo = galaxy.demoServiceAccount;
  return Object.freeze({
    id: demo.id,
    name: demo.name,
    scopes: demo.scopes,
    privateKeyFile: demo.privateKeyFile,
    privateKeyPem: await readFile(demo.privateKeyFile, 'utf8'),
  });
}
