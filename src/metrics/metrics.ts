/**
 * What the portal counts, in Prometheus form (prom-client): sign-ins and callback failures by
 * code; Samsung Account call latency by call and host; Galaxy API calls by operation, outcome and
 * Samsung's code; upload bytes; circuit breaker state per upstream; session store latency and
 * errors; and the process's default metrics. Every label is bounded: codes and operations are
 * checked against their shapes and capped in number; no user id, content id, token or query
 * value is ever a label.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Most distinct values one label may take; beyond, the value is counted as `other`. */
const MAX_VALUES = 64;

/** What a breaker shows of itself to the metrics. */
export type BreakerView = { readonly name: string; readonly state: 'closed' | 'open' | 'half-open' };

/**
 * The toolkit's metrics on a prom-client registry (a fresh one, with the process's default
 * metrics, unless you give yours).
 *
 * @example
 * ```ts
 * const metrics = new SamsungMetrics();
 * app.use(
 *   samsungAuth({
 *     clientId: 'id',
 *     clientSecret: 'secret',
 *     aliasId: 'alias',
 *     redirectUri: 'https://portal.example.com/auth/callback',
 *     signOutUrl: 'https://portal.example.com/',
 *     metrics,
 *   }),
 * );
 * const text = await metrics.registry.metrics(); // Prometheus text
 * ```
 */
export class SamsungMetrics {
  readonly registry: Registry;
  readonly #seen = new Map<string, Set<string>>();
  readonly #breakers: (() => Iterable<BreakerView>)[] = [];
  readonly #signIns: Counter<'region'>;
  readonly #callbackFailures: Counter<'code'>;
  readonly #samsung: Histogram<'call' | 'host' | 'outcome'>;
  readonly #galaxy: Counter<'operation' | 'outcome' | 'samsung_code'>;
  readonly #galaxySeconds: Histogram<'operation'>;
  readonly #uploadBytes: Counter;
  readonly #store: Histogram<'op' | 'outcome'>;
  readonly #storeErrors: Counter<'op'>;

  constructor(registry: Registry = new Registry(), options: { defaultMetrics?: boolean } = {}) {
    this.registry = registry;
    const registers = [registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    this.#signIns = new Counter({ name: 'sak_sign_ins_total', help: 'Completed sign-ins, by whether a regional host was used', labelNames: ['region'], registers });
    this.#callbackFailures = new Counter({ name: 'sak_callback_failures_total', help: 'Sign-in callbacks that failed, by error code', labelNames: ['code'], registers });
    this.#samsung = new Histogram({
      name: 'sak_samsung_account_request_duration_seconds',
      help: 'Samsung Account calls (token exchange, refresh, revoke, profile) by call, host and outcome',
      labelNames: ['call', 'host', 'outcome'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#galaxy = new Counter({ name: 'sak_galaxy_requests_total', help: "Galaxy Store API calls by operation, outcome and Samsung's code", labelNames: ['operation', 'outcome', 'samsung_code'], registers });
    this.#galaxySeconds = new Histogram({ name: 'sak_galaxy_request_duration_seconds', help: 'Galaxy Store API call latency by operation', labelNames: ['operation'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60], registers });
    this.#uploadBytes = new Counter({ name: 'sak_galaxy_upload_bytes_total', help: 'File bytes sent to the Galaxy upload host', registers });
    this.#store = new Histogram({ name: 'sak_session_store_duration_seconds', help: 'Session store calls by operation and outcome', labelNames: ['op', 'outcome'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1], registers });
    this.#storeErrors = new Counter({ name: 'sak_session_store_errors_total', help: 'Session store calls that failed, by operation', labelNames: ['op'], registers });
    const breakers = this.#breakers;
    new Gauge({
      name: 'sak_circuit_breaker_state',
      help: 'Circuit breaker of each upstream: 0 closed, 1 half-open, 2 open',
      labelNames: ['upstream'],
      registers,
      collect() {
        this.reset();
        for (const list of breakers) for (const b of list()) this.set({ upstream: b.name.slice(0, 120) }, b.state === 'open' ? 2 : b.state === 'half-open' ? 1 : 0);
      },
    });
  }

  signIn(region: 'configured' | 'regional'): void {
    this.#signIns.inc({ region });
  }

  callbackFailure(code: string): void {
    this.#callbackFailures.inc({ code: this.#bounded('code', code) });
  }

  samsungCall(call: string, host: string, seconds: number, outcome: string): void {
    this.#samsung.observe({ call: this.#bounded('call', call), host: this.#bounded('host', host), outcome: this.#bounded('outcome', outcome) }, seconds);
  }

  galaxyCall(operation: string, outcome: string, samsungCode: string, seconds: number): void {
    const op = this.#bounded('operation', operation);
    this.#galaxy.inc({ operation: op, outcome: this.#bounded('outcome', outcome), samsung_code: this.#bounded('samsung_code', samsungCode) });
    this.#galaxySeconds.observe({ operation: op }, seconds);
  }

  uploadBytes(n: number): void {
    if (n > 0) this.#uploadBytes.inc(n);
  }

  storeCall(op: string, seconds: number, failed: boolean): void {
    this.#store.observe({ op, outcome: failed ? 'error' : 'ok' }, seconds);
    if (failed) this.#storeErrors.inc({ op });
  }

  /** Reports the state of these breakers at each scrape. */
  watchBreakers(list: () => Iterable<BreakerView>): void {
    this.#breakers.push(list);
  }

  /** A label value: its shape checked, and at most {@link MAX_VALUES} distinct ones per label. */
  #bounded(label: string, value: string): string {
    if (!/^[A-Za-z0-9_.:/ -]{1,80}$/.test(value)) return 'other';
    let seen = this.#seen.get(label);
    if (!seen) this.#seen.set(label, (seen = new Set()));
    if (seen.has(value)) return value;
    if (seen.size >= MAX_VALUES) return 'other';
    seen.add(value);
    return value;
  }
}

const byRegistry = new WeakMap<Registry, SamsungMetrics>();

/**
 * The toolkit's metrics on your own prom-client registry (made once per registry; without the
 * process's default metrics, which your registry may already collect).
 *
 * @example
 * ```ts
 * const { Registry } = await import('prom-client');
 * const registry = new Registry(); // yours, with your own metrics on it
 * const metrics = metricsFor(registry); // pass it as samsungAuth({ ..., metrics })
 * metrics.signIn('configured');
 * ```
 */
export function metricsFor(registry: Registry): SamsungMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) byRegistry.set(registry, (metrics = new SamsungMetrics(registry, { defaultMetrics: false })));
  return metrics;
}
