/**
 * Retries with exponential backoff and full jitter, honouring Retry-After, within a total time
 * budget. Only for calls that are safe to repeat: the caller says which failures are retryable.
 */
import { SamsungAuthError } from '../errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** First backoff, in ms (doubles each time, full jitter). Default 200. */
  baseDelayMs?: number;
  /** Longest single wait, in ms (a longer Retry-After ends the retries). Default 5000. */
  maxDelayMs?: number;
}

export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: RetryPolicy & { retryable: (err: unknown) => boolean; random?: () => number },
): Promise<T> {
  const maxRetries = options.maxRetries ?? 3;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 5000;
  const random = options.random ?? Math.random;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (err) {
      if (retry >= maxRetries || !options.retryable(err)) throw err;
      const asked = err instanceof SamsungAuthError ? err.retryAfterSeconds : undefined;
      const wait = asked !== undefined ? asked * 1000 : random() * Math.min(cap, base * 2 ** retry);
      if (wait > cap) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into whole seconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
