/**
 * A short id per request, made when first asked for: error pages and JSON errors show it, and the
 * log line with the details carries it, so a user can quote it and an operator find the cause.
 * Random (never the client's own X-Request-Id: a client could make it collide or carry text into logs).
 */
import type { Request } from 'express';
import { randomToken } from '../lib/random-token.js';

// A weak map, not a property of req (see auth-context.ts on hidden classes).
const ids = new WeakMap<Request, string>();

/** This request's id: 12 base64url characters (72 random bits). */
export function requestIdOf(req: Request): string {
  let id = ids.get(req);
  if (id === undefined) {
    id = randomToken(9);
    ids.set(req, id);
  }
  return id;
}
