/**
 * Per-user rate limits of the portal's Galaxy routines: token operations (mint, revoke), release
 * actions (every state-changing call to Galaxy Store) and reads that call Galaxy Store. Counted
 * by the shared limiter when several instances run.
 */
import { SamsungAuthError } from '../errors.js';
import type { RateLimiter } from '../stores/rate-limiter.js';

export type LimitKind = 'ops' | 'release' | 'reads';

const KEYS: Readonly<Record<LimitKind, string>> = { ops: 'galaxy-token-ops', release: 'galaxy-release', reads: 'galaxy-reads' };
const MESSAGES: Readonly<Record<LimitKind, string>> = {
  ops: 'Too many token operations; wait a moment.',
  release: 'Too many release actions; wait a moment.',
  reads: 'Too many Galaxy Store requests; wait a moment.',
};

export class UserLimits {
  readonly #limiters: Partial<Record<LimitKind, RateLimiter>>;

  constructor(limiters: Partial<Record<LimitKind, RateLimiter | undefined>>) {
    this.#limiters = Object.fromEntries(Object.entries(limiters).filter(([, l]) => l !== undefined));
  }

  /** Counts one `kind` for the user; 429 RATE_LIMITED (with Retry-After) past the limit. */
  async hit(userId: string, kind: LimitKind): Promise<void> {
    const verdict = await this.#limiters[kind]?.hit(`${KEYS[kind]}|${userId}`);
    if (verdict && !verdict.allowed) {
      const err = new SamsungAuthError('RATE_LIMITED', MESSAGES[kind], { status: 429, hint: `Try again in ${verdict.retryAfterSeconds} s.` });
      err.retryAfterSeconds = verdict.retryAfterSeconds;
      throw err;
    }
  }
}
