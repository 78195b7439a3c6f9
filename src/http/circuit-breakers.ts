/**
 * One circuit breaker per upstream origin. Failures at one host never open another's breaker: a
 * callback may name a regional host (attacker-chosen, within the allowlist), and its failures
 * must not shut sign-in at the configured token endpoint for everyone.
 */
import type { CircuitBreaker } from './circuit-breaker.js';

/** Most origins tracked; beyond it the least recently used breaker is dropped (it starts closed again). */
const MAX_ORIGINS = 64;

export class CircuitBreakers {
  readonly #primary: CircuitBreaker;
  readonly #primaryOrigin: string;
  readonly #others = new Map<string, CircuitBreaker>();

  /** @param primary the breaker of the configured upstream at `primaryUrl`; others copy its settings. */
  constructor(primary: CircuitBreaker, primaryUrl: string) {
    this.#primary = primary;
    this.#primaryOrigin = new URL(primaryUrl).origin;
  }

  /** Every breaker known now (the configured one first). */
  all(): CircuitBreaker[] {
    return [this.#primary, ...this.#others.values()];
  }

  /** The breaker of the upstream at `url` (its origin). */
  for(url: string | URL): CircuitBreaker {
    const origin = new URL(url).origin;
    if (origin === this.#primaryOrigin) return this.#primary;
    let breaker = this.#others.get(origin);
    if (breaker) {
      this.#others.delete(origin); // most recently used last
    } else {
      breaker = this.#primary.sibling(`${this.#primary.name} (${origin})`);
      if (this.#others.size >= MAX_ORIGINS) this.#others.delete(this.#others.keys().next().value as string);
    }
    this.#others.set(origin, breaker);
    return breaker;
  }
}
