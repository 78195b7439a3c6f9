/**
 * A time limit on receiving a request's body, per request: 30 s for every route by default (a
 * slow client cannot hold a connection open by trickling a body), longer for the routes that
 * take uploads, which extend it to the upload's own budget. Node's server-wide `requestTimeout`
 * cannot tell the two apart, so the portal's server sets that to the longest budget and this
 * middleware enforces the rest. A request whose body is not in by its deadline is cut off.
 */
import type { Request, RequestHandler } from 'express';

export const DEFAULT_BODY_DEADLINE_MS = 30_000;

const timers = new WeakMap<Request, NodeJS.Timeout>();

function arm(req: Request, ms: number): void {
  clearTimeout(timers.get(req));
  const timer = setTimeout(() => {
    if (!req.complete) req.socket.destroy();
  }, ms);
  timer.unref();
  timers.set(req, timer);
}

/**
 * True when the request announces a body (Content-Length or Transfer-Encoding): without either,
 * HTTP/1.1 has no body to wait for (RFC 9112 §6.3), so a GET costs no timer and no listeners.
 */
function announcesBody(req: Request): boolean {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
}

/** Starts the deadline of every request whose body is still arriving. */
export function bodyDeadline(ms = DEFAULT_BODY_DEADLINE_MS): RequestHandler {
  return (req, _res, next) => {
    if (!req.complete && announcesBody(req)) {
      arm(req, ms);
      // Cleared when the body is in, not when the answer is sent: after an early answer (a
      // refusal), the rest of a trickling body still has to arrive by the deadline.
      const clear = () => clearTimeout(timers.get(req));
      req.once('end', clear);
      req.once('close', clear);
    }
    next();
  };
}

/** Gives this request's body `ms` from now (an upload route, with its own budget). */
export function extendBodyDeadline(req: Request, ms: number): void {
  if (!req.complete && timers.has(req)) arm(req, ms);
}
