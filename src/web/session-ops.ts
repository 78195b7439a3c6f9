/** express-session's callbacks as promises, each failure a STORE_UNAVAILABLE error. */
import type { Request } from 'express';
import { isSamsungAuthError, storeUnavailable, type SamsungAuthError } from '../errors.js';
import { sessionCookieName } from './session.js';

export function cookieNameOf(req: Request): string {
  // express-session does not expose its cookie name; our session factory records it.
  return sessionCookieName(req) ?? 'connect.sid';
}

export function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err: unknown) => (err ? reject(toStoreError(err)) : resolve())));
}

export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err: unknown) => (err ? reject(toStoreError(err)) : resolve())));
}

export function destroy(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err: unknown) => (err ? reject(toStoreError(err)) : resolve())));
}

/** A store that failed already says so (STORE_UNAVAILABLE); anything else becomes that. */
export function toStoreError(err: unknown): SamsungAuthError {
  return isSamsungAuthError(err) ? err : storeUnavailable(err);
}
