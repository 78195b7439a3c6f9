/** What the login helper keeps in the server-side session (never in a cookie). */
import type { PendingLogin } from '../account/login-state.js';

/** The signed-in user as the session stores it (server-side only). */
export interface SignedInUser {
  /** Samsung user id. */
  id: string;
  /** When the user signed in (ms since epoch); the absolute timeout counts from here. */
  signedInAt: number;
  /** The Samsung Account access token: a server-side secret. */
  accessToken: string;
  accessTokenExpiresAt?: number;
  apiServerUrl?: string;
}

export interface SamsungSessionData {
  /** Sign-ins started in this browser and not yet completed. */
  pending?: PendingLogin[];
  user?: SignedInUser;
  /** The session's CSRF token (synchronizer token), made at sign-in. */
  csrf?: string;
  /** A one-time notice for the next page (post/redirect/get); never holds a secret. */
  flash?: { kind: 'ok' | 'error'; text: string };
}

declare module 'express-session' {
  interface SessionData {
    samsungAuth?: SamsungSessionData;
  }
}

/** The typed request context the login helper sets on every request: `req.samsungAuth`. */
export interface SamsungAuthContext {
  /** True when a Samsung user is signed in on this session. */
  readonly isAuthenticated: boolean;
  /** The signed-in user, or undefined. */
  readonly user: { readonly id: string } | undefined;
  /** When the user signed in, ISO 8601; undefined when signed out. */
  readonly signedInAt: string | undefined;
  /** When the session ends at the latest (absolute timeout), ISO 8601; undefined when signed out. */
  readonly expiresAt: string | undefined;
  /** The session's CSRF token (signed in only): put it in forms as `_csrf` or send `x-csrf-token`. */
  readonly csrfToken: string | undefined;
  /** The login URL that returns to `returnTo` after sign-in. */
  loginUrl(returnTo?: string): string;
  /** The Samsung Account access token of the signed-in user (server-side use only). */
  samsungAccessToken(): string | undefined;
}

declare module 'express-serve-static-core' {
  interface Request {
    samsungAuth?: SamsungAuthContext;
  }
}
