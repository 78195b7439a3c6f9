/**
 * The confirmation step of actions that cannot be undone (go live, complete a rollout): the first
 * POST answers a confirmation token, the second POST carries it. The token is an HMAC, keyed by
 * the session's CSRF token, of the action, the account, the app and an expiry: bound to this
 * session and this one action, valid for five minutes, and the same on every instance. It guards
 * against a click by mistake, not against the session's owner (who may always confirm).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SamsungAuthError } from '../errors.js';

export const CONFIRMATION_SECONDS = 300;

export interface ConfirmationSubject {
  action: 'app.go_live' | 'rollout.complete';
  accountId: string;
  contentId: string;
}

function mac(key: string, subject: ConfirmationSubject, expires: number): string {
  return createHmac('sha256', key).update(`confirm|${subject.action}|${subject.accountId}|${subject.contentId}|${expires}`).digest('base64url');
}

/** A token confirming `subject` for this session, and when it expires. */
export function issueConfirmation(sessionKey: string, subject: ConfirmationSubject, now: number): { confirmToken: string; expiresAt: string } {
  const expires = Math.floor(now / 1000) + CONFIRMATION_SECONDS;
  return { confirmToken: `${expires}.${mac(sessionKey, subject, expires)}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/** True when `token` confirms `subject` for this session and has not expired. */
export function isConfirmed(sessionKey: string, subject: ConfirmationSubject, token: unknown, now: number): boolean {
  if (typeof token !== 'string' || token.length > 200) return false;
  const [expiresText, sent] = token.split('.');
  const expires = Number(expiresText);
  // Expired, or further ahead than a token this code issues (one the client made up from its own CSRF token).
  if (!Number.isInteger(expires) || expires * 1000 <= now || expires * 1000 > now + (CONFIRMATION_SECONDS + 5) * 1000 || !sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(mac(sessionKey, subject, expires));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The refusal of a second POST whose token is missing, expired or for something else. */
export function confirmationRefused(): SamsungAuthError {
  return new SamsungAuthError('CONFIRMATION_REQUIRED', 'This cannot be undone, so it needs a confirmation, and this one is missing, expired or for another action.', {
    status: 428,
    hint: 'Ask again (POST without confirmToken) and confirm within five minutes.',
  });
}
