/**
 * When a session's cookie expires, ms since the epoch (NaN when it has no expiry): what the
 * stores derive a session's lifetime from. express-session hands stores a live `Cookie` whose
 * `expires` is a Date; a session read back from JSON has an ISO string there.
 */
import type session from 'express-session';

export function cookieExpiryMs(data: session.SessionData): number {
  const expires: unknown = data.cookie?.expires;
  // getTime() on the Date itself: `new Date(date)` costs a builtin call on every touch.
  if (expires instanceof Date) return expires.getTime();
  // Anything else as before (an ISO string, a number, a Date of another realm).
  return expires ? new Date(expires as string).getTime() : NaN;
}
