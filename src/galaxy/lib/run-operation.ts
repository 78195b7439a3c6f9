/**
 * Runs a catalogued operation ({@link GALAXY_OPERATIONS}): fills the path, sends it through the
 * client (token, headers, the one envelope decoder), follows a `303 See Other` on the API host,
 * and retries with backoff and `Retry-After` only when the catalog says the call is safe.
 */
import { SamsungAuthError } from '../../errors.js';
import { withRetries, type RetryPolicy } from '../../http/retry.js';
import type { GalaxyCall, GalaxyCallResult } from '../api-client.js';
import { GalaxyApiError } from '../galaxy-error.js';
import { GALAXY_OPERATIONS, type GalaxyOperationName } from './operations.js';
import { followSeeOther, type SeeOtherPolicy } from './see-other.js';

/** The parts of one operation call. */
export interface OperationInput {
  /** Values of the path's `{name}` parts. */
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** What the runner needs: an authenticated `call` and where the API is. */
export interface OperationTransport {
  call<T = unknown>(call: GalaxyCall): Promise<GalaxyCallResult<T>>;
  readonly apiUrl: string;
}

/** Retry and 303 policies of an {@link OperationRunner}. */
export interface OperationRunnerOptions {
  /** Retries of safe calls; `false` turns them off. Default 3 retries. */
  retry?: RetryPolicy | false;
  seeOther?: SeeOtherPolicy;
}

/** True for failures after which a safe call is worth repeating. */
export function isTransientFailure(err: unknown): boolean {
  if (err instanceof GalaxyApiError) return err.httpStatus >= 500 || err.httpStatus === 429;
  return err instanceof SamsungAuthError && (err.code === 'UPSTREAM_TIMEOUT' || err.code === 'UPSTREAM_UNREACHABLE');
}

/** Sends catalogued operations; see the module comment. */
export class OperationRunner {
  readonly #transport: OperationTransport;
  readonly #options: OperationRunnerOptions;

  constructor(transport: OperationTransport, options: OperationRunnerOptions = {}) {
    this.#transport = transport;
    this.#options = options;
  }

  /** Runs `name`; resolves to the final answer (after any 303 polling). */
  async run<T = unknown>(name: GalaxyOperationName, input: OperationInput = {}): Promise<GalaxyCallResult<T>> {
    const op = GALAXY_OPERATIONS[name];
    const call: GalaxyCall = {
      method: op.method,
      path: fillPath(op.path, input.params ?? {}),
      ...(input.query ? { query: input.query } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...('omitServiceAccountId' in op && op.omitServiceAccountId ? { omitServiceAccountId: true } : {}),
    };
    const once = async () => {
      const first = await this.#transport.call<T>(call);
      return first.location === undefined
        ? first
        : followSeeOther((c) => this.#transport.call<T>(c), this.#transport.apiUrl, first, this.#options.seeOther);
    };
    const retry = this.#options.retry;
    if (!op.safeToRetry || retry === false) return once();
    return withRetries(once, { ...retry, retryable: isTransientFailure });
  }
}

function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = params[key];
    if (typeof value !== 'string' || value === '' || value.length > 255 || /[/\\?#]|^\.\.?$/.test(value)) {
      throw new SamsungAuthError('GALAXY_INVALID_INPUT', `The ${key} is missing or holds characters a path part cannot.`, { status: 400 });
    }
    return encodeURIComponent(value);
  });
}
