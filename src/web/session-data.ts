/** What the login helper keeps in the server-side session (never in a cookie). */
import type { PendingLogin } from '../account/login-state.js';
import type { SamsungProfile } from '../account/profile.js';

/** The signed-in user as the session stores it (server-side only). */
export interface SignedInUser {
  /** Samsung user id. */
  id: string;
  /** When the user signed in (ms since epoch); the absolute timeout counts from here. */
  signedInAt: number;
  /** The Samsung Account access token: a server-side secret. */
  accessToken: string;
  /** When the access token was granted (ms since epoch): with its expiry, its lifetime. */
  accessTokenIssuedAt?: number;
  accessTokenExpiresAt?: number;
  /** The refresh token, when Samsung granted one (a server-side secret; it rotates at each refresh). */
  refreshToken?: string;
  refreshTokenExpiresAt?: number;
  /** Origin of the auth host of this sign-in: refresh and revoke go there. */
  authOrigin?: string;
  /** Origin of the API host of this sign-in: profile calls go there. */
  apiOrigin?: string;
  apiServerUrl?: string;
  /** The profile fetched at sign-in (personal data: server-side, never logged). */
  profile?: StoredProfile;
  /** Samsung refused a refresh: the grant is dead until the user signs in again. */
  grantDead?: true;
}

/** The profile fields kept in the session (the profile without its id, which is the user's). */
export type StoredProfile = Omit<SamsungProfile, 'id'>;

/** Options of {@link SamsungAuthContext.loginUrl}. */
export interface LoginUrlOptions {
  /** Where to land after sign-in (a same-origin path; anything else becomes the default). */
  returnTo?: string;
  /** Passed to signInGate when valid, e.g. `ko` or `es_PE`. */
  locale?: string;
  /** Passed to signInGate when valid, e.g. `KR` or `KOR`. */
  countryCode?: string;
  /** Passed to signInGate when valid (`login`, `none`, `consent`). */
  prompt?: string;
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
  /** The signed-in user (id; name and email when the profile gave them), or undefined. */
  readonly user: { readonly id: string; readonly name?: string; readonly email?: string } | undefined;
  /** The profile fetched at sign-in (name, given and family name, email, country, photo), or undefined. */
  readonly profile: Readonly<StoredProfile> | undefined;
  /** When the user signed in, ISO 8601; undefined when signed out. */
  readonly signedInAt: string | undefined;
  /** When the session ends at the latest (absolute timeout), ISO 8601; undefined when signed out. */
  readonly expiresAt: string | undefined;
  /** The session's CSRF token (signed in only): put it in forms as `_csrf` or send `x-csrf-token`. */
  readonly csrfToken: string | undefined;
  /** The login URL that returns to `returnTo` after sign-in (with optional signInGate parameters). */
  loginUrl(options?: string | LoginUrlOptions): string;
  /**
   * A valid Samsung Account access token of the signed-in user (server-side use only): refreshed
   * first when it expires within 60 s and a refresh token exists (one refresh per session at a
   * time, across instances too; the new pair is stored before it is handed out).
   *
   * @throws {@link SamsungAuthError} `REAUTH_REQUIRED` (401, `loginUrl` in its hint) when the
   *   grant is dead; `UNAUTHENTICATED` when nobody is signed in.
   */
  getAccessToken(): Promise<string>;
  /**
   * The access token as the session holds it, undefined once it has expired.
   * @deprecated Use {@link SamsungAuthContext.getAccessToken}, which refreshes.
   */
  samsungAccessToken(): string | undefined;
}

declare module 'express-serve-static-core' {
  interface Request {
    samsungAuth?: SamsungAuthContext;
  }
}
