/**
 * `req.samsungAuth`: the typed view of the session that the login helper puts on every request.
 * Made for every request, read by few: fields are worked out when read (the dates formatted on
 * each read, without the Date builtin: lib/iso-time.ts; the user view frozen once), not up front.
 */
import express, { type Request } from 'express';
import { safeReturnTo } from '../account/return-to.js';
import { checkLoginParams } from '../account/login-params.js';
import { SamsungAuthError } from '../errors.js';
import { isoTime } from '../lib/iso-time.js';
import type { LoginUrlOptions, SamsungAuthContext, SignedInUser, StoredProfile } from './session-data.js';
import type { TokenRefresher } from './token-refresh.js';

// `req.samsungAuth` is an accessor on Express's request prototype backed by a weak map, not a
// property added to each request: Express gives every request object a new prototype, after
// which each property added to it costs a new hidden class (~3 µs per property per request on
// the bench machine). Where the accessor is not in the request's prototype chain (another copy
// of Express), the context is set as a plain property, as before.
const contexts = new WeakMap<Request, SamsungAuthContext | undefined>();
let accessorInstalled = false;

/** Request prototypes (one per app) already seen to reach the accessor. */
const reaching = new WeakSet<object>();

/** Sets `req.samsungAuth` for this request. */
export function setAuthContext(req: Request, context: SamsungAuthContext | undefined): void {
  if (!accessorInstalled) installAccessor();
  contexts.set(req, context);
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto && reaching.has(proto)) return;
  if (req.samsungAuth !== context) Object.defineProperty(req, 'samsungAuth', { value: context, writable: true, configurable: true, enumerable: true });
  // A defined context read back through the prototype proves the accessor is in reach.
  else if (context !== undefined && proto && !Object.prototype.hasOwnProperty.call(req, 'samsungAuth')) reaching.add(proto);
}

function installAccessor(): void {
  accessorInstalled = true;
  if (Object.getOwnPropertyDescriptor(express.request, 'samsungAuth')) return;
  Object.defineProperty(express.request, 'samsungAuth', {
    configurable: true,
    enumerable: false,
    get(this: Request) {
      return contexts.get(this);
    },
    set(this: Request, value: SamsungAuthContext | undefined) {
      contexts.set(this, value);
    },
  });
}

/** What every context of one login helper shares. */
export interface AuthContextSettings {
  /** Absolute session lifetime, ms. */
  maxAgeMs: number;
  /** The login route's path. */
  loginPath: string;
  /** Where sign-in lands when `returnTo` is unusable. */
  afterSignIn: string;
  /** Clock of the token expiry. */
  now: () => number;
  /** Refreshes the access token; absent, `getAccessToken()` never refreshes. */
  refresher?: TokenRefresher;
}

export class RequestAuthContext implements SamsungAuthContext {
  readonly #settings: AuthContextSettings;
  readonly #req: Request;
  readonly #user: SignedInUser | undefined;
  readonly #csrf: string | undefined;
  #userView: SamsungAuthContext['user'];

  constructor(settings: AuthContextSettings, req: Request, user: SignedInUser | undefined, csrf: string | undefined) {
    this.#settings = settings;
    this.#req = req;
    this.#user = user;
    this.#csrf = user ? csrf : undefined;
  }

  get isAuthenticated(): boolean {
    return this.#user !== undefined;
  }

  get user(): SamsungAuthContext['user'] {
    const user = this.#user;
    if (!user) return undefined;
    if (!this.#userView) {
      const view: { id: string; name?: string; email?: string } = { id: user.id };
      const profile = user.profile;
      if (profile?.name) view.name = profile.name;
      if (profile?.email) view.email = profile.email;
      this.#userView = Object.freeze(view);
    }
    return this.#userView;
  }

  get profile(): Readonly<StoredProfile> | undefined {
    return this.#user?.profile ? Object.freeze({ ...this.#user.profile }) : undefined;
  }

  get signedInAt(): string | undefined {
    return this.#user ? isoTime(this.#user.signedInAt) : undefined;
  }

  get expiresAt(): string | undefined {
    return this.#user ? isoTime(this.#user.signedInAt + this.#settings.maxAgeMs) : undefined;
  }

  get csrfToken(): string | undefined {
    return this.#csrf;
  }

  loginUrl(options?: string | LoginUrlOptions): string {
    const { loginPath, afterSignIn } = this.#settings;
    const o: LoginUrlOptions = typeof options === 'string' ? { returnTo: options } : (options ?? {});
    const query = new URLSearchParams();
    if (o.returnTo) query.set('returnTo', safeReturnTo(o.returnTo, afterSignIn));
    for (const [key, value] of Object.entries(checkLoginParams(o))) query.set(key, value);
    const text = query.toString();
    return text ? `${loginPath}?${text}` : loginPath;
  }

  async getAccessToken(): Promise<string> {
    const refresher = this.#settings.refresher;
    if (refresher) return refresher.accessTokenFor(this.#req);
    const token = this.samsungAccessToken();
    if (!token) throw new SamsungAuthError(this.#user ? 'REAUTH_REQUIRED' : 'UNAUTHENTICATED', 'No valid Samsung access token.', { status: 401, hint: `Sign in at ${this.#settings.loginPath}.` });
    return token;
  }

  samsungAccessToken(): string | undefined {
    const user = this.#user;
    if (!user || user.grantDead) return undefined;
    if (user.accessTokenExpiresAt !== undefined && user.accessTokenExpiresAt <= this.#settings.now()) return undefined;
    return user.accessToken;
  }

  /** Plain data for `JSON.stringify` and logs: never the access token, the CSRF token or the profile. */
  toJSON(): Record<string, unknown> {
    return { isAuthenticated: this.isAuthenticated, user: this.#user ? { id: this.#user.id } : undefined, signedInAt: this.signedInAt, expiresAt: this.expiresAt };
  }
}
