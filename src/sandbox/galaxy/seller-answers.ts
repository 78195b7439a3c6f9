/**
 * How the sandbox's seller APIs read JSON bodies and answer refusals, in the envelopes Samsung uses
 * (PROTOCOL §2.5): each API family keeps its own, some with HTTP 200, so clients must decode them
 * all.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import { sendGalaxyError } from './galaxy-answers.js';
import { SellerRefusal } from './publishing-state.js';

/** The envelope a route answers refusals with. */
export type Envelope =
  /** `{"from":"seller","body":{errorCode, errorMsg, httpStatus}}` (v1 seller APIs). */
  | 'wrapped'
  /** Flat `{errorCode, errorMsg}` plus the route's own fields (contentUpdate, fileUpload, IAP, GSS). */
  | 'flat'
  /** `{resultCode, resultMessage}` (v2 APIs). */
  | 'result';

const invalid = (message: string) => ({ status: 422, code: 'REQUEST_VALIDATION_FAILED', message });

/** Reads the raw body as text; the JSON check is {@link jsonBody}'s. */
export const textBody: RequestHandler = express.text({ type: () => true, limit: '64kb' });

/** The JSON object body of a POST/PUT/PATCH, or undefined after answering 422. */
export function jsonBody(req: Request, res: Response): Record<string, unknown> | undefined {
  if (!req.is('application/json')) {
    sendGalaxyError(res, invalid('content-type must be application/json'));
    return undefined;
  }
  try {
    const body: unknown = JSON.parse(typeof req.body === 'string' ? req.body : '');
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  sendGalaxyError(res, invalid('the body is not a JSON object'));
  return undefined;
}

/** A digits-only id from a body or a query, or undefined after answering 422. */
export function digits(res: Response, value: unknown, name: string): string | undefined {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  sendGalaxyError(res, invalid(`${name} is required`));
  return undefined;
}

/** Answers a refusal in the route's envelope. `httpStatus` 200 is Samsung's "200 with an error". */
export function sendRefusal(res: Response, envelope: Envelope, refusal: SellerRefusal, extra: Record<string, unknown> = {}): void {
  const status = refusal.httpStatus;
  if (envelope === 'wrapped') {
    res.status(status).json({ from: 'seller', body: { errorCode: refusal.code, errorMsg: refusal.message, httpStatus: 'BAD_REQUEST' } });
  } else if (envelope === 'flat') {
    res.status(status).json({ ...extra, errorCode: refusal.code, errorMsg: refusal.message });
  } else if (status === 200) {
    res.status(200).json({ body: { resultCode: refusal.code, resultMessage: refusal.message }, from: 'seller' });
  } else {
    res.status(status).json({ resultCode: refusal.code, resultMessage: refusal.message });
  }
}

/** Runs `fn`; a {@link SellerRefusal} it throws is answered in `envelope`. */
export function refusing(res: Response, envelope: Envelope, fn: () => void, extra?: Record<string, unknown>): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof SellerRefusal)) throw err;
    sendRefusal(res, envelope, err, extra);
  }
}

/** The v2 success envelope. */
export function sendResult(res: Response, data?: unknown): void {
  res.status(200).json({ resultCode: '0000', resultMessage: 'Success', ...(data === undefined ? {} : { data }) });
}
