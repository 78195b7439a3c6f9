/** A Samsung profile in Passport's normalised shape (passport.js "User Profile"). */
import type { SamsungProfile } from '../account/profile.js';

/** What `verify` receives as `profile`: Passport's conventions, Samsung's fields in `_json`. */
export interface SamsungPassportProfile {
  provider: 'samsung';
  id: string;
  displayName: string;
  name: { givenName?: string; familyName?: string };
  emails: { value: string; type?: string }[];
  photos: { value: string }[];
  /** The profile as read from Samsung's `UserVO` (or `{ id }` when it could not be fetched). */
  _json: SamsungProfile;
}

/**
 * Passport's profile from a Samsung one; only the user id when the profile is unknown.
 *
 * @example
 * ```ts
 * toPassportProfile({ id: 'y0zpz1a2b3', name: 'Alex Kim', email: 'alex.kim@example.com' }).emails; // [{ value: 'alex.kim@example.com' }]
 * ```
 */
export function toPassportProfile(profile: SamsungProfile): SamsungPassportProfile {
  return {
    provider: 'samsung',
    id: profile.id,
    displayName: profile.name ?? ([profile.givenName, profile.familyName].filter(Boolean).join(' ') || profile.id),
    name: {
      ...(profile.givenName ? { givenName: profile.givenName } : {}),
      ...(profile.familyName ? { familyName: profile.familyName } : {}),
    },
    emails: profile.email ? [{ value: profile.email }] : [],
    photos: profile.photoUrl ? [{ value: profile.photoUrl }] : [],
    _json: profile,
  };
}
