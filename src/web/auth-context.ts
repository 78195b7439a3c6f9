/**
 * `req.samsungAuth`: the typed view of the session that the login helper puts on every request.
 * Made for every request, read by few: fields are worked out when read (the dates formatted on
 * each read, the user view frozen once), not up front.
 */
import express, { type Request } from 'express';
import { safeReturnTo } from '../account/return-to.js';
import type { SamsungAuthContext, SignedInUser } from './session-data.js';

// `req.samsungAuth` is an accessor on Express's request prototype backed by a weak map, not a
// property added to each request: Express gives every request object a new prototype, after
// which each property added to it costs a new hidden class (~3 µs per property per request on
// the bench machine). Where the accessor is not in the request's prototype chain (another copy
// of Express), the context is set as a plain property, as before.
const contexts = new WeakMap<Request, SamsungAuthContext | undefined>();
let accessorInstalled = false;

/** Sets `req.samsungAuth` for this request. */
export function setAuthContext(req: Request, context: SamsungAuthContext | undefined): void {
  if (!accessorInstalled) installAccessor();
  contexts.set(req, context);
  if (req.samsungAuth !== context) Object.defineProperty(req, 'samsungAuth', { value: context, writable: true, configurable: true, enumerable: true });
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
}

export class RequestAuthContext implements SamsungAuthContext {
  readonly #settings: AuthContextSettings;
  readonly #user: SignedInUser | undefined;
  readonly #csrf: string | undefined;
  #userView: { readonly id: string } | undefined;

  constructor(settings: AuthContextSettings, user: SignedInUser | undefined, csrf: string | undefined) {
    this.#settings = settings;
    this.#user = user;
    this.#csrf = user ? csrf : undefined;
  }

  get isAuthenticated(): boolean {
    return this.#user !== undefined;
  }

  get user(): { readonly id: string } | undefined {
    if (!this.#user) return undefined;
    return (this.#userView ??= Object.freeze({ id: this.#user.id }));
  }

  get signedInAt(): string | undefined {
    return this.#user ? new Date(this.#user.signedInAt).toISOString() : undefined;
  }

  get expiresAt(): string | undefined {
    return this.#user ? new Date(this.#user.signedInAt + this.#settings.maxAgeMs).toISOString() : undefined;
  }

  get csrfToken(): string | undefined {
    return this.#csrf;
  }

  loginUrl(returnTo?: string): string {
    const { loginPath, afterSignIn } = this.#settings;
    return returnTo ? `${loginPath}?returnTo=${encodeURIComponent(safeReturnTo(returnTo, afterSignIn))}` : loginPath;
  }

  samsungAccessToken(): string | undefined {
    return this.#user?.accessToken;
  }

  /** Plain data for `JSON.stringify` and logs: never the access token or the CSRF token. */
  toJSON(): Record<string, unknown> {
    return { isAuthenticated: this.isAuthenticated, user: this.user, signedInAt: this.signedInAt, expiresAt: this.expiresAt };
  }
}
