/**
 * "Sign in with Samsung Account" as a Passport 0.7 strategy (`passport.authenticate('samsung')`),
 * on the same protocol code as `samsungAuth()`: the state bound to the session and single use,
 * the token response normalised, regional hosts on the allowlist, the profile read from XML.
 * Passport itself is not imported: it gives the strategy `success`, `fail`, `redirect` and
 * `error` when it runs it.
 */
import type { Request } from 'express';
import { SamsungAuthError, isSamsungAuthError } from '../errors.js';
import { resolveAccountOptions, type ResolvedAccountOptions, type SamsungAccountOptions } from '../account/options.js';
import { parseCallbackParams, rawQuery, singleQueryValue } from '../account/callback-params.js';
import { startPendingLogin, takePendingLogin, type PendingLogin } from '../account/login-state.js';
import { checkLoginParams } from '../account/login-params.js';
import { buildSignInUrl } from '../account/sign-in-url.js';
import { fetchProfile, type SamsungProfile } from '../account/profile.js';
import { TokenExchange, type SamsungTokens } from '../account/token-exchange.js';
import type { FetchLike } from '../http/request.js';
import { silentLogger, type Logger } from '../log.js';
import { toPassportProfile, type SamsungPassportProfile } from './passport-profile.js';

/** Passport's `done(err, user, info)`. */
export type VerifyDone = (err: unknown, user?: unknown, info?: unknown) => void;
export type VerifyFunction = (accessToken: string, refreshToken: string | undefined, profile: SamsungPassportProfile, done: VerifyDone) => void;
export type VerifyFunctionWithRequest = (req: Request, accessToken: string, refreshToken: string | undefined, profile: SamsungPassportProfile, done: VerifyDone) => void;

/** Options of {@link SamsungStrategy}: the Samsung Account client, and the strategy's own settings. */
export interface SamsungStrategyOptions extends SamsungAccountOptions {
  /** Give `verify` the request first. Default false. */
  passReqToCallback?: boolean;
  /** Fetch the profile after the token exchange. Default true. */
  fetchProfile?: boolean;
  logger?: Logger;
  /** fetch substitute for Samsung's calls. */
  fetch?: FetchLike;
  now?: () => number;
}

type Flow = { success(user: unknown, info?: unknown): void; fail(challenge?: unknown, status?: number): void; redirect(url: string, status?: number): void; error(err: unknown): void };

/** Where the strategy keeps its pending logins in the session. */
const SESSION_KEY = 'samsungPassport';

/**
 * The Samsung Account strategy for Passport.
 *
 * @example
 * ```ts
 * passport.use(
 *   new SamsungStrategy(
 *     {
 *       clientId: process.env.SAMSUNG_CLIENT_ID!,
 *       clientSecret: process.env.SAMSUNG_CLIENT_SECRET!,
 *       aliasId: process.env.SAMSUNG_ALIAS_ID!,
 *       redirectUri: 'https://portal.example.com/auth/samsung/callback',
 *       signOutUrl: 'https://portal.example.com/',
 *     },
 *     (accessToken, refreshToken, profile, done) => done(null, { id: profile.id, name: profile.displayName }),
 *   ),
 * );
 * app.get('/auth/samsung', passport.authenticate('samsung'));
 * app.get('/auth/samsung/callback', passport.authenticate('samsung', { failureRedirect: '/' }), (_req, res) => res.redirect('/'));
 * ```
 */
export class SamsungStrategy {
  readonly name = 'samsung';
  /** Not a #private field: Passport runs the strategy through Object.create(strategy). */
  private readonly core: StrategyCore;

  constructor(options: SamsungStrategyOptions, verify: VerifyFunction | VerifyFunctionWithRequest) {
    if (typeof verify !== 'function') throw new TypeError('SamsungStrategy needs a verify function');
    this.core = new StrategyCore(options, verify);
  }

  /** Passport calls it for the login route (starts a sign-in) and the callback (finishes it). */
  authenticate(this: Flow, req: Request, _options?: unknown): void {
    (this as unknown as { core: StrategyCore }).core.authenticate(this, req);
  }
}

/** The strategy's work; kept off the instance Passport derives from the strategy with Object.create. */
class StrategyCore {
  readonly #account: ResolvedAccountOptions;
  readonly #exchange: TokenExchange;
  readonly #options: SamsungStrategyOptions;
  readonly #verify: VerifyFunction | VerifyFunctionWithRequest;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(options: SamsungStrategyOptions, verify: VerifyFunction | VerifyFunctionWithRequest) {
    this.#account = resolveAccountOptions(options);
    this.#options = options;
    this.#verify = verify;
    this.#logger = options.logger ?? silentLogger();
    this.#now = options.now ?? Date.now;
    this.#exchange = new TokenExchange(this.#account, {
      ...(options.fetch ? { fetch: options.fetch } : {}),
      now: this.#now,
      onUntrustedAuthServer: (host) => this.#logger.warn({ event: 'auth_server_url_ignored', host: host.slice(0, 253) }, 'callback named a host that is not trusted'),
    });
  }

  /** Passport calls it for the login route (starts a sign-in) and the callback (finishes it). */
  authenticate(flow: Flow, req: Request): void {
    if (!req.session) {
      flow.error(new SamsungAuthError('INTERNAL', 'Sessions are not set up.', { hint: 'Mount express-session before passport.' }));
      return;
    }
    const query = rawQuery(req.originalUrl ?? req.url);
    const params = new URLSearchParams(query);
    const isCallback = params.has('state') || params.has('code') || params.has('error');
    (isCallback ? this.#finish(flow, req, query) : this.#start(flow, req, query)).catch((err: unknown) => flow.error(err));
  }

  async #start(flow: Flow, req: Request, query: string): Promise<void> {
    const data = sessionData(req);
    const started = startPendingLogin(data.pending, '/', { now: this.#now(), ttlSeconds: this.#account.stateTtlSeconds, max: this.#account.maxPendingLogins });
    data.pending = started.pending;
    await saveSession(req);
    const extra = checkLoginParams({ locale: singleQueryValue(query, 'locale'), countryCode: singleQueryValue(query, 'countryCode'), prompt: singleQueryValue(query, 'prompt') });
    flow.redirect(buildSignInUrl(this.#account, started.state, extra), 302);
  }

  async #finish(flow: Flow, req: Request, query: string): Promise<void> {
    let params;
    try {
      params = parseCallbackParams(query);
      await this.#consumeState(req, params.state);
    } catch (err) {
      if (!isSamsungAuthError(err)) throw err;
      flow.fail({ message: err.message, code: err.code }, err.status);
      return;
    }
    if (params.error) {
      flow.fail({ message: params.error === 'access_denied' ? 'The sign-in was cancelled at Samsung Account.' : 'Samsung Account refused the sign-in.', code: params.error === 'access_denied' ? 'ACCESS_DENIED' : 'AUTHORIZATION_ERROR' }, 403);
      return;
    }
    if (!params.code) {
      flow.fail({ message: 'The answer from Samsung Account carried no authorization code.', code: 'CALLBACK_INVALID' }, 400);
      return;
    }
    const tokens = await this.#exchange.exchange({ code: params.code, state: params.state!, authServerUrl: params.authServerUrl, apiServerUrl: params.apiServerUrl });
    const profile = toPassportProfile(await this.#profile(tokens));
    const done: VerifyDone = (err, user, info) => {
      if (err) flow.error(err);
      else if (!user) flow.fail(info, 401);
      else flow.success(user, info);
    };
    try {
      if (this.#options.passReqToCallback) (this.#verify as VerifyFunctionWithRequest)(req, tokens.accessToken, tokens.refreshToken, profile, done);
      else (this.#verify as VerifyFunction)(tokens.accessToken, tokens.refreshToken, profile, done);
    } catch (err) {
      flow.error(err);
    }
  }

  /** The state must be one this session started; it is taken out before anything else (single use). */
  async #consumeState(req: Request, state: string | undefined): Promise<void> {
    const data = sessionData(req);
    if (!data.pending) throw new SamsungAuthError('LOGIN_NOT_STARTED', 'This browser has no sign-in in progress.', { status: 400 });
    if (!state) throw new SamsungAuthError('STATE_MISSING', 'The answer from Samsung Account carried no state.', { status: 400 });
    try {
      const taken = takePendingLogin(data.pending, state, { now: this.#now(), ttlSeconds: this.#account.stateTtlSeconds });
      data.pending = taken.pending;
    } catch (err) {
      // Expired entries go too, so they cannot be tried again.
      data.pending = data.pending.filter((p) => this.#now() - p.createdAt < this.#account.stateTtlSeconds * 1000);
      throw err;
    } finally {
      await saveSession(req);
    }
  }

  async #profile(tokens: SamsungTokens): Promise<SamsungProfile> {
    if (this.#options.fetchProfile === false) return { id: tokens.userId };
    try {
      return await fetchProfile({
        apiOrigin: tokens.apiOrigin,
        userId: tokens.userId,
        accessToken: tokens.accessToken,
        clientId: this.#account.clientId,
        timeoutMs: this.#account.timeoutMs,
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      });
    } catch (err) {
      this.#logger.warn({ event: 'profile_unavailable', code: isSamsungAuthError(err) ? err.code : 'INTERNAL', userId: tokens.userId }, 'profile not fetched');
      return { id: tokens.userId };
    }
  }
}

function sessionData(req: Request): { pending?: PendingLogin[] } {
  const session = req.session as unknown as Record<string, { pending?: PendingLogin[] } | undefined>;
  return (session[SESSION_KEY] ??= {});
}

function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err: unknown) => (err ? reject(err) : resolve())));
}
