/**
 * Pending logins: the `state` of each sign-in this browser started, kept server-side in its
 * session. The state itself is 32 random bytes sent to signInGate; only its SHA-256 is stored,
 * so the session store never holds it in clear. A state is single-use (removed before the token
 * call), expires after `ttlSeconds`, and at most `max` are pending per session.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../lib/random-token.js';
import { SamsungAuthError } from '../errors.js';

export interface PendingLogin {
  stateHash: string;
  returnTo: string;
  createdAt: number;
}

function hashState(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

/** Starts a login: a fresh state, and the pending list with it added (oldest dropped beyond max). */
export function startPendingLogin(
  pending: readonly PendingLogin[] | undefined,
  returnTo: string,
  { now, ttlSeconds, max }: { now: number; ttlSeconds: number; max: number },
): { state: string; pending: PendingLogin[] } {
  const state = randomToken(32);
  const live = (pending ?? []).filter((p) => now - p.createdAt < ttlSeconds * 1000);
  live.push({ stateHash: hashState(state), returnTo, createdAt: now });
  return { state, pending: live.slice(-max) };
}

/**
 * Takes the pending login that `state` belongs to out of the list. Throws STATE_MISMATCH when no
 * pending login has it (wrong, forged or already used) and STATE_EXPIRED when it is too old; in
 * both cases the returned list (on the error's `pending`) no longer holds expired entries.
 */
export function takePendingLogin(
  pending: readonly PendingLogin[],
  state: string,
  { now, ttlSeconds }: { now: number; ttlSeconds: number },
): { login: PendingLogin; pending: PendingLogin[] } {
  const wanted = Buffer.from(hashState(state));
  const index = pending.findIndex((p) => {
    const have = Buffer.from(p.stateHash);
    return have.length === wanted.length && timingSafeEqual(have, wanted);
  });
  if (index < 0) {
    throw new SamsungAuthError('STATE_MISMATCH', 'The sign-in response does not belong to a sign-in started in this browser.', {
      status: 400,
      hint: 'It was already used, or it was started in another browser or tab that has since signed in. Start again.',
    });
  }
  const login = pending[index] as PendingLogin;
  const rest = pending.filter((_, i) => i !== index);
  if (now - login.createdAt >= ttlSeconds * 1000) {
    throw new SamsungAuthError('STATE_EXPIRED', 'The sign-in took too long and has expired.', {
      status: 400,
      hint: `Sign-in must be completed within ${Math.round(ttlSeconds / 60)} minutes. Start again.`,
    });
  }
  return { login, pending: rest };
}
