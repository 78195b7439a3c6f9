/**
 * Where the counted things happen, without reaching into them: fetch wrappers for Samsung
 * Account and Galaxy Store (every upstream call goes through a FetchLike), a session store
 * wrapper, and the upload byte hook of http/upload-request.ts.
 */
import type session from 'express-session';
import type { FetchLike } from '../http/request.js';
import { uploadObservers } from '../http/upload-request.js';
import type { SamsungMetrics } from './metrics.js';

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
const outcomeOf = (status: number) => (status < 400 ? 'ok' : status < 500 ? 'refused' : 'failed');

/** Samsung Account calls: the token endpoint (exchange or refresh), revoke, and the profile. */
export function instrumentSamsungFetch(metrics: SamsungMetrics, base: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const url = new URL(String(input));
    const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : '';
    const call = url.pathname.endsWith('/revoke')
      ? 'revoke'
      : url.pathname.includes('/v2/profile/')
        ? 'profile'
        : new URLSearchParams(body).get('grant_type') === 'refresh_token'
          ? 'refresh'
          : 'exchange';
    const started = process.hrtime.bigint();
    try {
      const res = await base(input, init);
      metrics.samsungCall(call, url.host, seconds(started), outcomeOf(res.status));
      return res;
    } catch (err) {
      metrics.samsungCall(call, url.host, seconds(started), 'unreachable');
      throw err;
    }
  };
}

/**
 * The operation of a Galaxy call as a bounded name: method and path, with ids and package names
 * replaced (`GET /iap/v6/applications/:package/items`).
 */
export function galaxyOperation(method: string, pathname: string): string {
  const path = pathname
    .replace(/\/iap\/v6\/applications\/[^/]+\/items(\/[^/]+)?$/, (_m, item: string | undefined) => `/iap/v6/applications/:package/items${item ? '/:item' : ''}`)
    .replace(/\/\d{4,}(?=\/|$)/g, '/:id');
  return `${method.toUpperCase()} ${path}`;
}

/** Galaxy Store API calls: operation, outcome (a 200 carrying an error code is refused), Samsung's code. */
export function instrumentGalaxyFetch(metrics: SamsungMetrics, base: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const url = new URL(String(input));
    const operation = galaxyOperation(init.method ?? 'GET', url.pathname);
    const started = process.hrtime.bigint();
    let res: Response;
    try {
      res = await base(input, init);
    } catch (err) {
      metrics.galaxyCall(operation, 'unreachable', 'none', seconds(started));
      throw err;
    }
    const code = await samsungCodeOf(res);
    const outcome = res.status >= 500 ? 'failed' : res.status >= 400 || (code !== 'none' && code !== '0000') ? 'refused' : 'ok';
    metrics.galaxyCall(operation, outcome, code, seconds(started));
    return res;
  };
}

/** Samsung's code from any of its error envelopes (a copy of the answer is read; at most 64 KiB). */
async function samsungCodeOf(res: Response): Promise<string> {
  if (!/json/i.test(res.headers.get('content-type') ?? '') || Number(res.headers.get('content-length') ?? 0) > 64 * 1024) return 'none';
  try {
    const body = (await res.clone().json()) as Record<string, unknown> | null;
    const nested = body && typeof body.body === 'object' && body.body !== null ? (body.body as Record<string, unknown>) : {};
    for (const v of [body?.code, body?.errorCode, nested.errorCode, body?.resultCode, nested.resultCode]) {
      if (typeof v === 'string' || typeof v === 'number') return String(v);
    }
  } catch {
    // not JSON after all: no code
  }
  return 'none';
}

/** Times every call of a session store and counts its failures (the store itself is unchanged). */
export function instrumentSessionStore<S extends session.Store>(store: S, metrics: SamsungMetrics): S {
  const target = store as unknown as Record<string, unknown>;
  for (const op of ['get', 'set', 'touch', 'destroy'] as const) {
    const original = target[op];
    if (typeof original !== 'function') continue;
    target[op] = (...args: unknown[]) => {
      const started = process.hrtime.bigint();
      const last = args.at(-1);
      const callback = typeof last === 'function' ? (last as (err?: unknown, ...rest: unknown[]) => void) : undefined;
      const params = callback ? args.slice(0, -1) : args;
      return (original as (...a: unknown[]) => unknown).call(store, ...params, (err?: unknown, ...rest: unknown[]) => {
        metrics.storeCall(op, seconds(started), Boolean(err));
        callback?.(err, ...rest);
      });
    };
  }
  return store;
}

/** Counts file bytes sent by uploads; returns the function that stops counting. */
export function countUploads(metrics: SamsungMetrics): () => void {
  const observer = (n: number) => metrics.uploadBytes(n);
  uploadObservers.add(observer);
  return () => uploadObservers.delete(observer);
}
