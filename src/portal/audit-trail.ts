/**
 * Writes the audit trail: one event per action with who (user and role), where (account, app),
 * what, the outcome and Samsung's answer, and a log line without any token. An action's
 * failure is audited and then thrown on unchanged.
 */
import { isSamsungAuthError } from '../errors.js';
import { GalaxyApiError } from '../galaxy/galaxy-error.js';
import type { Logger } from '../log.js';
import type { Grant } from './access-control.js';
import type { AuditAction, AuditEvent, InventoryStore } from './inventory-types.js';

/** What an audited action answers besides its result. */
export interface AuditedResult<T> {
  result: T;
  fingerprint?: string;
  detail?: string;
  /** Samsung's answer when it was asked (default `ok` when the action called it). */
  samsungCode?: string;
}

/** Where an audited action happens. */
export interface AuditScope {
  userId: string;
  accountId: string;
  role?: Grant['role'];
  contentId?: string;
}

export class AuditTrail {
  readonly #store: InventoryStore;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(store: InventoryStore, logger: Logger, now: () => number) {
    this.#store = store;
    this.#logger = logger;
    this.#now = now;
  }

  /** Runs `fn`, then records its outcome (ok, error or conflict, with Samsung's code). */
  async run<T>(scope: AuditScope, action: AuditAction, fn: () => Promise<AuditedResult<T>>): Promise<T> {
    const at = new Date(this.#now()).toISOString();
    const base: AuditEvent = { at, ...scope, action, outcome: 'ok' };
    try {
      const { result, fingerprint, detail, samsungCode } = await fn();
      // Done at Samsung: a failing audit store is logged, never reported as the action's failure.
      await this.#store
        .appendAudit({ ...base, ...(fingerprint ? { fingerprint } : {}), ...(samsungCode ? { samsungCode } : {}), ...(detail ? { detail } : {}) })
        .catch(() => this.#logger.error({ event: 'audit_write_failed', ...scope, action }, 'the action was done, but its audit event could not be written'));
      this.#logger.info({ event: action, ...scope, fingerprint, samsungCode }, `galaxy ${action}`);
      return result;
    } catch (err) {
      const outcome = isSamsungAuthError(err) && err.status === 409 && err.code === 'RELEASE_IN_PROGRESS' ? 'conflict' : 'error';
      const code = err instanceof GalaxyApiError ? `${err.code}:${err.galaxyCode}` : isSamsungAuthError(err) ? err.code : 'INTERNAL';
      const samsungCode = err instanceof GalaxyApiError && err.galaxyCode ? err.galaxyCode : undefined;
      await this.#store.appendAudit({ ...base, outcome, ...(samsungCode ? { samsungCode } : {}), detail: code }).catch(() => undefined);
      this.#logger.warn({ event: action, ...scope, code }, `galaxy ${action} failed`);
      throw err;
    }
  }

  /** Appends an event as it is (for outcomes recorded outside {@link run}). */
  append(event: Omit<AuditEvent, 'at'>): Promise<void> {
    return this.#store.appendAudit({ at: new Date(this.#now()).toISOString(), ...event }).catch(() => undefined);
  }

  /** The most recent events of these accounts, newest first. */
  recent(accountIds: readonly string[], limit: number): Promise<AuditEvent[]> {
    return accountIds.length === 0 ? Promise.resolve([]) : this.#store.recentAudit(accountIds, Math.min(Math.max(limit, 1), 500));
  }
}
