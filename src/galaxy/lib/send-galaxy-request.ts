/**
 * Internal: every Galaxy Store call goes through here, and from here through `httpRequest` (the
 * one place that touches the network). It builds the URL, applies the time budget and body cap,
 * refuses redirects, and turns error statuses into {@link GalaxyApiError}s.
 */
import { SamsungAuthError } from '../../errors.js';
import { describeTarget, httpRequest, parseJsonBody, type FetchLike } from '../../http/request.js';
import { isLoopbackHost } from '../../config/url-rules.js';
import type { CircuitBreaker } from '../../http/circuit-breaker.js';
import { parseRetryAfter, type RetryPolicy } from '../../http/retry.js';
import { GalaxyApiError, galaxyErrorFields, readGalaxyErrorBody } from '../galaxy-error.js';
import { readErrorEnvelope } from './error-envelope.js';

/** Production base URL (PROTOCOL §2). */
export const DEFAULT_GALAXY_API_URL = 'https://devapi.samsungapps.com';
/** Default time budget of one call, headers and body. */
export const DEFAULT_GALAXY_TIMEOUT_MS = 15_000;

/** Where and how to reach Galaxy Store; shared by every call. */
export interface GalaxyConnection {
  /** Base URL; default `https://devapi.samsungapps.com`. */
  apiUrl?: string;
  /** Time budget per call in milliseconds; default 15000. */
  timeoutMs?: number;
  /** Largest response body accepted; default 1 MiB. */
  maxBodyBytes?: number;
  /** Substitute for the global fetch (tests, instrumentation). */
  fetch?: FetchLike;
  /**
   * Allow plain http to a host that is not loopback (e.g. a sandbox in another container).
   * Tokens travel in headers, so this is refused by default.
   */
  allowInsecureHttp?: boolean;
  /** Circuit breaker of the Galaxy upstream (shared by every call to it). */
  breaker?: CircuitBreaker;
  /** Retries of token minting and revocation; `false` turns them off. Default 3 retries. */
  retry?: RetryPolicy | false;
}

export interface GalaxyRawRequest extends GalaxyConnection {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path from the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers: Record<string, string>;
  body?: string;
}

export interface GalaxyRawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** For method + origin + path messages. */
  target: string;
  /** `Location` of a `303 See Other` (some Galaxy calls answer it to be polled). */
  location?: string;
  /** The JSON body of a 2xx answer, parsed once (absent when empty or not JSON). */
  json?: unknown;
}

/**
 * Checks a base URL once: http(s) only, no credentials, plain http only to loopback by default.
 *
 * @throws {@link SamsungAuthError} `GALAXY_INVALID_INPUT`.
 * @example
 * ```ts
 * resolveGalaxyApiUrl(undefined); // 'https://devapi.samsungapps.com'
 * resolveGalaxyApiUrl('http://127.0.0.1:3001/'); // 'http://127.0.0.1:3001'
 * ```
 */
export function resolveGalaxyApiUrl(apiUrl: string | undefined, allowInsecureHttp = false): string {
  const raw = apiUrl ?? DEFAULT_GALAXY_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl('The Galaxy API URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidUrl('The Galaxy API URL must use https.');
  if (url.username || url.password || url.search || url.hash) {
    throw invalidUrl('The Galaxy API URL must not carry credentials, a query or a fragment.');
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw invalidUrl(
      `The Galaxy API URL uses plain http to ${url.hostname}; tokens would travel unencrypted. Use https, or allow it explicitly (allowInsecureHttp / --allow-http).`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}


/**
 * Sends one Galaxy request. Error statuses become {@link GalaxyApiError}; redirects other than
 * `303` become `UPSTREAM_REDIRECT` (never followed: the token must not travel elsewhere).
 */
export async function sendGalaxyRequest(req: GalaxyRawRequest): Promise<GalaxyRawResponse> {
  const base = resolveGalaxyApiUrl(req.apiUrl, req.allowInsecureHttp);
  if (!/^\/(?!\/)[^?#]*$/.test(req.path) || /(^|\/)\.\.?(\/|$)/.test(req.path)) {
    throw new SamsungAuthError('GALAXY_INVALID_INPUT', 'The API path must start with "/" and hold no query, fragment or dot segments.', {
      status: 400,
    });
  }
  const url = new URL(base + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const res = await httpRequest({
    method: req.method,
    url,
    headers: req.headers,
    body: req.body,
    timeoutMs: req.timeoutMs ?? DEFAULT_GALAXY_TIMEOUT_MS,
    maxBodyBytes: req.maxBodyBytes,
    fetch: req.fetch,
    breaker: req.breaker,
  });
  return decodeGalaxyResponse(req.method, url, res, req.headers);
}

/**
 * Judges an answer: a 303 is handed back with its location, other redirects are refused, an
 * error status or a 2xx whose body says failure (the one envelope decoder) is a
 * {@link GalaxyApiError}. Shared by API calls and uploads.
 */
export function decodeGalaxyResponse(
  method: string,
  url: URL,
  res: { status: number; headers: Headers; text: string },
  sentHeaders: Record<string, string>,
): GalaxyRawResponse {
  const target = describeTarget(method, url);
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.get('location') ?? undefined;
    if (res.status === 303 && location) return { ...res, target, location };
    throw new SamsungAuthError('UPSTREAM_REDIRECT', `${target} answered a redirect (HTTP ${res.status}); it was not followed, so the token stayed put.`, {
      status: 502,
      hint: 'Check the API URL: it should be the Galaxy Store API itself (https://devapi.samsungapps.com), not a proxy or a login page.',
    });
  }
  const endpoint = `${method} ${url.pathname}`;
  if (res.status >= 400) {
    throw galaxyError(endpoint, target, res.status, res.headers, readGalaxyErrorBody(res.text, sentSecrets(sentHeaders)));
  }
  // Samsung often answers failures with 200: a body whose code says failure is a failure.
  const json = parseQuietly(res.text);
  const envelope = readErrorEnvelope(json);
  if (envelope) throw galaxyError(endpoint, target, res.status, res.headers, galaxyErrorFields(envelope, sentSecrets(sentHeaders)));
  return { ...res, target, ...(json === undefined ? {} : { json }) };
}

function parseQuietly(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function galaxyError(
  endpoint: string,
  target: string,
  status: number,
  headers: Headers,
  fields: ReturnType<typeof galaxyErrorFields>,
): GalaxyApiError {
  const error = new GalaxyApiError(
    { httpStatus: status, ...fields, endpoint, serverDate: readDateHeader(headers) },
    target,
  );
  error.retryAfterSeconds = parseRetryAfter(headers.get('retry-after'));
  return error;
}

/** The credential we sent, so an error body that echoes it cannot carry it into a message. */
function sentSecrets(headers: Record<string, string>): string[] {
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const value = auth?.replace(/^Bearer\s+/i, '');
  return value ? [value] : [];
}

/** The JSON body of a success, `undefined` when empty; a non-JSON body is `UPSTREAM_INVALID_RESPONSE`. */
/** The server's Date header as a Date, when it sent a valid one. */
export function readDateHeader(headers: Headers): Date | undefined {
  const value = headers.get('date');
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export function readGalaxyJson(res: GalaxyRawResponse): unknown {
  if (res.json !== undefined) return res.json;
  if (res.text.trim() === '') return undefined;
  return parseJsonBody(res, res.target);
}

/** A success whose shape is not what Samsung documents. */
export function unexpectedShape(res: GalaxyRawResponse, expected: string): SamsungAuthError {
  return new SamsungAuthError('UPSTREAM_INVALID_RESPONSE', `${res.target} answered HTTP ${res.status} without ${expected}.`, {
    status: 502,
    hint: 'The API URL may point at something other than the Galaxy Store API.',
  });
}

/** Header values we send must be printable ASCII without spaces (no header injection). */
export function checkHeaderValue(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(value)) {
    throw new SamsungAuthError('GALAXY_INVALID_INPUT', `The ${what} is missing or holds spaces or non-printable characters.`, {
      status: 400,
    });
  }
  return value;
}

function invalidUrl(message: string): SamsungAuthError {
  return new SamsungAuthError('GALAXY_INVALID_INPUT', message, {
    status: 400,
    hint: 'Set GALAXY_API_URL (or --api-url) to https://devapi.samsungapps.com, or to the sandbox URL.',
  });
}
