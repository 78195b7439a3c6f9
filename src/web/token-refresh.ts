/**
 * `req.samsungAuth.getAccessToken()`: a Samsung access token that is still valid, refreshed when
 * it expires within 60 s (PROTOCOL §1.3a). Refresh tokens rotate and are single use, so one
 * session never refreshes twice at once: in this process the callers share one refresh, and
 * across instances a lock keyed by the session makes the loser re-read the session and use the
 * winner's pair. The new pair is written to the session store before anyone gets the token.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { SessionData, Store } from 'express-session';
import { SamsungAuthError, isSamsungAuthError } from '../errors.js';
import type { SamsungTokens, TokenExchange } from '../account/token-exchange.js';
import type { Lock } from '../stores/redis-lock.js';
import type { Logger } from '../log.js';
import type { SignedInUser } from './session-data.js';
import { save } from './session-ops.js';

/** A token expiring within this (or a quarter of its lifetime, if shorter) is refreshed first. */
export const REFRESH_MARGIN_MS = 60_000;
const LOCK_TTL_MS = 15_000;

type TokenFields = Pick<SignedInUser, 'accessToken' | 'accessTokenIssuedAt' | 'accessTokenExpiresAt' | 'refreshToken' | 'refreshTokenExpiresAt' | 'grantDead'>;

export class TokenRefresher {
  readonly #exchange: TokenExchange;
  readonly #lock: Lock;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #loginPath: string;
  /** Refreshes running in this process, by session. */
  readonly #inFlight = new Map<string, Promise<TokenFields>>();

  constructor(options: { exchange: TokenExchange; lock: Lock; logger: Logger; now: () => number; loginPath: string }) {
    this.#exchange = options.exchange;
    this.#lock = options.lock;
    this.#logger = options.logger;
    this.#now = options.now;
    this.#loginPath = options.loginPath;
  }

  /** The valid access token of the session's user; see the file comment. */
  async accessTokenFor(req: Request): Promise<string> {
    const user = req.session?.samsungAuth?.user;
    if (!user) throw new SamsungAuthError('UNAUTHENTICATED', 'Sign in first.', { status: 401, hint: `Sign in at ${this.#loginPath}.` });
    if (this.#fresh(user)) return user.accessToken;
    if (user.grantDead || !user.refreshToken) throw this.#reauth();
    const sid = req.sessionID;
    let flight = this.#inFlight.get(sid);
    if (!flight) {
      flight = this.#lock.withLock(`refresh:${hashOf(sid)}`, LOCK_TTL_MS, () => this.#refreshLocked(req, user));
      this.#inFlight.set(sid, flight);
      void flight.catch(() => undefined).then(() => this.#inFlight.delete(sid));
    }
    const tokens = await flight;
    // Waiters hold their own copy of the session: bring it up to date (so a later save of theirs
    // writes the new pair, never the spent one).
    applyTokens(user, tokens);
    if (tokens.grantDead) throw this.#reauth();
    return tokens.accessToken;
  }

  /** Holding the session's lock: use a pair another instance stored meanwhile, else refresh. */
  async #refreshLocked(req: Request, user: SignedInUser): Promise<TokenFields> {
    const stored = (await readStored(req.sessionStore, req.sessionID))?.samsungAuth?.user;
    if (stored && stored.id === user.id && (this.#fresh(stored) || stored.grantDead)) return pick(stored);
    const refreshToken = stored?.refreshToken ?? user.refreshToken;
    if (!refreshToken || !user.authOrigin) return { ...pick(user), grantDead: true };
    let granted: SamsungTokens;
    try {
      granted = await this.#exchange.refresh(refreshToken, user.authOrigin, user.apiOrigin ?? user.authOrigin);
    } catch (err) {
      if (!(isSamsungAuthError(err) && err.code === 'REAUTH_REQUIRED')) throw err;
      const code = (err as { samsungErrorCode?: string }).samsungErrorCode;
      this.#logger.warn({ event: 'refresh_refused', userId: user.id, samsungErrorCode: code }, err.message);
      // No loop: the session remembers that its grant is dead until the user signs in again.
      const dead = { ...pick(user), grantDead: true as const };
      await this.#store(req, dead);
      return dead;
    }
    const tokens: TokenFields = {
      accessToken: granted.accessToken,
      accessTokenIssuedAt: this.#now(),
      ...(granted.expiresAt !== undefined ? { accessTokenExpiresAt: granted.expiresAt } : {}),
      // Rotation: the new refresh token, or keep the old one if Samsung sent none (then it is still the one).
      refreshToken: granted.refreshToken ?? refreshToken,
      ...(granted.refreshTokenExpiresAt !== undefined ? { refreshTokenExpiresAt: granted.refreshTokenExpiresAt } : {}),
    };
    await this.#store(req, tokens);
    this.#logger.info({ event: 'token_refreshed', userId: user.id }, 'Samsung access token refreshed');
    return tokens;
  }

  /** Writes the pair into this request's session and saves it, before anyone uses the token. */
  async #store(req: Request, tokens: TokenFields): Promise<void> {
    const user = req.session.samsungAuth?.user;
    if (!user) return;
    applyTokens(user, tokens);
    await save(req);
  }

  #fresh(user: Pick<SignedInUser, 'accessTokenIssuedAt' | 'accessTokenExpiresAt' | 'grantDead'>): boolean {
    if (user.grantDead) return false;
    // Without a known expiry, the token is taken as valid (Samsung said nothing else).
    if (user.accessTokenExpiresAt === undefined) return true;
    const lifetime = user.accessTokenIssuedAt === undefined ? Infinity : user.accessTokenExpiresAt - user.accessTokenIssuedAt;
    return user.accessTokenExpiresAt - this.#now() > Math.min(REFRESH_MARGIN_MS, lifetime / 4);
  }

  #reauth(): SamsungAuthError {
    return new SamsungAuthError('REAUTH_REQUIRED', 'The Samsung Account sign-in has expired.', { status: 401, hint: `Sign in again at ${this.#loginPath}.` });
  }
}

/** Replaces the user's token fields with these (fields absent here are removed). */
function applyTokens(user: SignedInUser, tokens: TokenFields): void {
  delete user.grantDead;
  delete user.accessTokenIssuedAt;
  delete user.accessTokenExpiresAt;
  delete user.refreshTokenExpiresAt;
  Object.assign(user, tokens);
}

function pick(user: SignedInUser): TokenFields {
  const { accessToken, accessTokenIssuedAt, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt, grantDead } = user;
  return {
    accessToken,
    ...(accessTokenIssuedAt !== undefined ? { accessTokenIssuedAt } : {}),
    ...(accessTokenExpiresAt !== undefined ? { accessTokenExpiresAt } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(refreshTokenExpiresAt !== undefined ? { refreshTokenExpiresAt } : {}),
    ...(grantDead ? { grantDead } : {}),
  };
}

function hashOf(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url').slice(0, 32);
}

function readStored(store: Store, sid: string): Promise<SessionData | null | undefined> {
  return new Promise((resolve, reject) => store.get(sid, (err: unknown, data?: SessionData | null) => (err ? reject(err) : resolve(data))));
}
