/**
 * A redirect without a body. Express's res.redirect negotiates a text or HTML body on every
 * call; a login helper's redirects are followed by browsers and need none.
 */
import type { Response } from 'express';

export function redirect(res: Response, status: 302 | 303, location: string): void {
  res.statusCode = status;
  res.setHeader('location', location);
  res.end();
}
