/**
 * `303 See Other` polling (PROTOCOL §2.5, observed in Samsung's own plugin): GET the `Location`
 * with the same headers until it answers 200 (the result) or 204 (done), within a time budget.
 * The location must be on the API host: a token never travels anywhere else.
 */
import { SamsungAuthError } from '../../errors.js';
import type { GalaxyCall, GalaxyCallResult } from '../api-client.js';

/** How a 303 is polled. */
export interface SeeOtherPolicy {
  /** Wait between polls when the answer names none (`Retry-After`); default 10000 ms. */
  intervalMs?: number;
  /** Total time budget of the polling; default 300000 ms (5 min). */
  budgetMs?: number;
}

const MIN_WAIT_MS = 50;

/**
 * Polls `location` (relative to, and on the origin of, `apiUrl`) with `call` until a result.
 * @returns the final answer (status 200 or 204)
 */
export async function followSeeOther<T>(
  call: (c: GalaxyCall) => Promise<GalaxyCallResult<T>>,
  apiUrl: string,
  first: GalaxyCallResult<T>,
  policy: SeeOtherPolicy = {},
): Promise<GalaxyCallResult<T>> {
  const interval = policy.intervalMs ?? 10_000;
  const deadline = Date.now() + (policy.budgetMs ?? 300_000);
  let res = first;
  while (res.location !== undefined) {
    const target = pollTarget(apiUrl, res.location);
    const wait = res.retryAfterSeconds !== undefined ? Math.min(res.retryAfterSeconds * 1000, interval) : interval;
    if (Date.now() + wait > deadline) {
      throw new SamsungAuthError('UPSTREAM_TIMEOUT', `The result at ${target.path} was not ready within the polling budget.`, {
        status: 504,
        hint: 'Galaxy Store is still working on it; try again later.',
      });
    }
    await new Promise((r) => setTimeout(r, Math.max(MIN_WAIT_MS, wait)));
    res = await call({ method: 'GET', path: target.path, query: target.query });
  }
  return res;
}

function pollTarget(apiUrl: string, location: string): { path: string; query: Record<string, string> } {
  const base = new URL(`${apiUrl}/`);
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    throw offHost('a Location that is not a URL');
  }
  const prefix = base.pathname.replace(/\/$/, '');
  if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`)) throw offHost(`a Location off the API host (${url.host})`);
  return { path: url.pathname.slice(prefix.length), query: Object.fromEntries(url.searchParams) };
}

function offHost(what: string): SamsungAuthError {
  return new SamsungAuthError('UPSTREAM_REDIRECT', `Galaxy Store answered 303 See Other with ${what}; it was not followed, so the token stayed put.`, {
    status: 502,
    hint: 'Check the API URL: it should be the Galaxy Store API itself.',
  });
}
