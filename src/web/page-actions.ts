/**
 * Form actions of the server-rendered pages, post/redirect/get: run the action, keep a one-time
 * notice (success, or the failure in plain words with its code and the request id) in the
 * session, and redirect (303) to the page it belongs to. A refusal (403) is an error page, not a
 * notice on a page the user may not see.
 */
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { isSamsungAuthError } from '../errors.js';
import type { Logger } from '../log.js';
import { publicFace } from './error-response.js';
import { requestIdOf } from './request-id.js';

export function postRedirectGet(action: (req: Request, res: Response) => Promise<string | undefined>, back: (req: Request) => string, logger?: Logger): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let flash: { kind: 'ok' | 'error'; text: string };
    try {
      const text = await action(req, res);
      if (text === undefined || res.headersSent) return; // the action answered itself (a confirmation page)
      flash = { kind: 'ok', text };
    } catch (err) {
      if (!isSamsungAuthError(err) || err.status === 403) return next(err);
      // As on error pages: internals to the log under the request id, plain words in the notice.
      const { message, hint } = publicFace(err);
      const requestId = requestIdOf(req);
      if (err.status >= 500) logger?.error({ event: 'galaxy_action_failed', requestId, code: err.code, hint: err.hint }, err.message);
      flash = { kind: 'error', text: `${message}${hint ? ` ${hint}` : ''} (${err.code}; reference ${requestId})` };
      if (err.retryAfterSeconds !== undefined) res.set('retry-after', String(err.retryAfterSeconds));
    }
    if (!req.session?.samsungAuth) return next();
    req.session.samsungAuth.flash = flash;
    res.redirect(303, back(req));
  };
}

/** Sends a page that must not be cached. */
export function sendPage(res: Response, html: string): void {
  res.set('cache-control', 'no-store');
  res.type('html').send(html);
}
