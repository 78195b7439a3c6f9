/**
 * Call counters: how many requests each sandbox route received. Tests read them to prove that a
 * call was (or was not) made upstream, in-process through the handle or over HTTP at
 * `GET /__sandbox/counters`.
 */
export class Counters {
  readonly #counts = new Map<string, number>();

  increment(route: string): void {
    this.#counts.set(route, (this.#counts.get(route) ?? 0) + 1);
  }

  get(route: string): number {
    return this.#counts.get(route) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.#counts.clear();
  }
}
