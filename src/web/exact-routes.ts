/**
 * GET routes on fixed paths, answered through one map look-up instead of one router layer each:
 * Express tests every layer's path in turn on every request, so each `app.get` in front of a
 * route is paid by every request that goes past it. Paths match as Express's do by default
 * (case-insensitive, a trailing slash allowed); HEAD is answered as GET; a handler's `next()`
 * goes to the next handler of its route, then past the table; a thrown error or a rejected
 * promise goes to `next(err)`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Path to handlers, e.g. `{ '/healthz': [health], '/api/account/profile': [requiresAuth(), profile] }`. */
export type ExactRoutes = Record<string, readonly RequestHandler[]>;

/** The key a path is looked up by: lower case, without a trailing slash (but `/` itself). */
export function routeKey(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** One middleware answering GET and HEAD on the given paths; every other request passes on. */
export function exactGetRoutes(routes: ExactRoutes): RequestHandler {
  const table = new Map(Object.entries(routes).map(([path, handlers]) => [routeKey(path), handlers]));
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const handlers = table.get(routeKey(req.path));
    if (!handlers) return next();
    run(handlers, 0, req, res, next);
  };
}

function run(handlers: readonly RequestHandler[], i: number, req: Request, res: Response, done: NextFunction): void {
  const handler = handlers[i];
  if (!handler) return done();
  // The last handler's next() is the table's own (Express's next takes 'route' as "go on").
  const next: NextFunction =
    i === handlers.length - 1
      ? done
      : (err?: unknown) => {
          if (err === 'route') done();
          else if (err !== undefined && err !== null) done(err);
          else run(handlers, i + 1, req, res, done);
        };
  try {
    const result = handler(req, res, next) as unknown;
    // As Express 5 does: any thenable's rejection goes to the error handlers.
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (err: unknown) => done(err ?? new Error('rejected without a reason')));
    }
  } catch (err) {
    done(err);
  }
}
