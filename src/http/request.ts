/**
 * The one place that calls the network. Every upstream call (Samsung token endpoint, Galaxy
 * Store API) goes through {@link httpRequest}, which:
 * - bounds the whole call, body included, by a time budget;
 * - never follows redirects (a 3xx is returned as it is, so a token is never carried elsewhere);
 * - caps the response body, so a hostile or broken upstream cannot exhaust memory;
 * - turns low-level failures into {@link SamsungAuthError}s with stable codes.
 *
 * Error messages name the method and the origin + path, never the query string (it may hold
 * secrets) nor any header or body.
 */
import { SamsungAuthError } from '../errors.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export type FetchLike = (input: string | URL, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | URL;
  headers?: Record<string, string> | Headers;
  body?: string | URLSearchParams;
  /** Time budget for the whole call, headers and body, in milliseconds. */
  timeoutMs: number;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** An outside signal that also aborts the call (for example openid-client's own). */
  signal?: AbortSignal | null;
  /** Substitute for the global fetch (tests, instrumentation). */
  fetch?: FetchLike;
  /** The upstream's circuit breaker: refuses at once while open; told of every outcome. */
  breaker?: CircuitBreaker;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as UTF-8 text (at most `maxBodyBytes`). */
  text: string;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Method and origin + path, for messages; the query string may carry secrets. */
export function describeTarget(method: string, url: string | URL): string {
  try {
    const u = new URL(url);
    return `${method} ${u.origin}${u.pathname}`;
  } catch {
    return method;
  }
}

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  if (!req.breaker) return send(req);
  req.breaker.before();
  let res: HttpResponse;
  try {
    res = await send(req);
  } catch (err) {
    // Timeouts and unreachable hosts count against the upstream; an oversized body does too.
    if (err instanceof SamsungAuthError && err.code.startsWith('UPSTREAM_')) req.breaker.failure();
    else req.breaker.success();
    throw err;
  }
  if (res.status >= 500) req.breaker.failure();
  else req.breaker.success();
  return res;
}

async function send(req: HttpRequest): Promise<HttpResponse> {
  const target = describeTarget(req.method, req.url);
  const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onOuterAbort = () => controller.abort();
  if (req.signal) {
    if (req.signal.aborted) controller.abort();
    else req.signal.addEventListener('abort', onOuterAbort, { once: true });
  }
  const doFetch: FetchLike = req.fetch ?? fetch;
  try {
    let response: Response;
    try {
      response = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (err) {
      throw translate(err, target, timedOut, req.timeoutMs);
    }
    let text: string;
    try {
      text = await readCapped(response, maxBytes, target);
    } catch (err) {
      if (err instanceof SamsungAuthError) throw err;
      throw translate(err, target, timedOut, req.timeoutMs);
    }
    return { status: response.status, headers: response.headers, text };
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}

async function readCapped(response: Response, maxBytes: number, target: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(target, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(target, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

export function tooLarge(target: string, maxBytes: number): SamsungAuthError {
  return new SamsungAuthError(
    'UPSTREAM_BODY_TOO_LARGE',
    `${target} answered with a body over ${maxBytes} bytes; it was not read.`,
    { status: 502, hint: 'The upstream is misbehaving or is not the server you meant to call.' },
  );
}

/** A low-level failure as a typed error: `UPSTREAM_TIMEOUT` or `UPSTREAM_UNREACHABLE`. */
export function translate(err: unknown, target: string, timedOut: boolean, timeoutMs: number): SamsungAuthError {
  if (timedOut) {
    return new SamsungAuthError('UPSTREAM_TIMEOUT', `${target} did not answer within ${timeoutMs} ms.`, {
      status: 504,
      hint: 'The upstream is slow or unreachable; try again shortly.',
      cause: err,
    });
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return new SamsungAuthError('UPSTREAM_TIMEOUT', `${target} was aborted before it answered.`, {
      status: 504,
      cause: err,
    });
  }
  const detail = networkErrorCode(err);
  return new SamsungAuthError(
    'UPSTREAM_UNREACHABLE',
    `${target} could not be reached${detail ? ` (${detail})` : ''}.`,
    { status: 502, hint: 'Check the URL setting and that the server is up.', cause: err },
  );
}

function networkErrorCode(err: unknown): string | undefined {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Parses a JSON body, or fails with a typed error that says what came instead. */
export function parseJsonBody(res: HttpResponse, target: string): unknown {
  try {
    return JSON.parse(res.text) as unknown;
  } catch (err) {
    const type = res.headers.get('content-type') ?? 'no content-type';
    throw new SamsungAuthError(
      'UPSTREAM_INVALID_RESPONSE',
      `${target} answered HTTP ${res.status} with a body that is not JSON (${type}).`,
      { status: 502, hint: 'The upstream may be down or behind a proxy that answers for it.', cause: err },
    );
  }
}
