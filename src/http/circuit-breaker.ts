/**
 * A circuit breaker per upstream: after `failureThreshold` consecutive failures (timeouts,
 * unreachable, 5xx) it opens, and calls fail at once with 503 UPSTREAM_CIRCUIT_OPEN and a
 * Retry-After for `openSeconds`. Then one probe is let through (half-open): success closes it,
 * failure opens it again. This keeps a failing Samsung from holding every request for its full
 * time budget.
 */
import { SamsungAuthError } from '../errors.js';

export interface CircuitBreakerOptions {
  /** A name for messages, e.g. the upstream's origin. */
  name: string;
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long it stays open before a probe, in seconds. Default 30. */
  openSeconds?: number;
  now?: () => number;
}

type State = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  readonly name: string;
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  #state: State = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probeInFlight = false;

  readonly #options: CircuitBreakerOptions;

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
    this.name = options.name;
    this.#threshold = options.failureThreshold ?? 5;
    this.#openMs = (options.openSeconds ?? 30) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** A new, closed breaker with the same settings, for another upstream. */
  sibling(name: string): CircuitBreaker {
    return new CircuitBreaker({ ...this.#options, name });
  }

  get state(): State {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#openMs) return 'half-open';
    return this.#state;
  }

  /** Throws UPSTREAM_CIRCUIT_OPEN when calls must not go out now; otherwise lets one through. */
  before(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.#probeInFlight) {
      this.#state = 'half-open';
      this.#probeInFlight = true;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((this.#openedAt + this.#openMs - this.#now()) / 1000));
    const error = new SamsungAuthError('UPSTREAM_CIRCUIT_OPEN', `${this.name} is failing; calls to it are paused.`, {
      status: 503,
      hint: `Try again in ${retryAfter} s.`,
    });
    error.retryAfterSeconds = retryAfter;
    throw error;
  }

  success(): void {
    this.#state = 'closed';
    this.#failures = 0;
    this.#probeInFlight = false;
  }

  failure(): void {
    this.#probeInFlight = false;
    this.#failures += 1;
    if (this.#state === 'half-open' || this.#failures >= this.#threshold) {
      this.#state = 'open';
      this.#openedAt = this.#now();
    }
  }
}
