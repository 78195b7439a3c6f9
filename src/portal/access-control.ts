/**
 * The one gate of every portal action: the account exists and gives this user a role that may take
 * the action. Deny by default. Unknown accounts and accounts that are not yours answer alike
 * (403 FORBIDDEN, no existence oracle); every refusal is audited (under the account's id, or one
 * `(unknown account)` bucket for ids that are not configured, so refusals cannot grow the store)
 * and logged with the id asked for (when id-shaped), the user and the role they have.
 */
import { SamsungAuthError } from '../errors.js';
import type { Logger } from '../log.js';
import type { InventoryStore } from './inventory-types.js';
import type { ServiceAccountConfig } from './service-accounts-config.js';
import { ACTION_ROLES, allows, roleIn, type PortalAction, type Role } from './roles.js';

/** What an allowed action runs as. */
export interface Grant {
  account: ServiceAccountConfig;
  userId: string;
  role: Role;
}

const ID_SHAPE = /^[A-Za-z0-9._-]{1,128}$/;

export class AccessControl {
  readonly #accounts: ReadonlyMap<string, ServiceAccountConfig>;
  readonly #store: InventoryStore;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(accounts: readonly ServiceAccountConfig[], store: InventoryStore, logger: Logger, now: () => number) {
    this.#accounts = new Map(accounts.map((a) => [a.id, a]));
    this.#store = store;
    this.#logger = logger;
    this.#now = now;
  }

  /** Accounts in which this user may take `action`, in configuration order. */
  accountsFor(userId: string, action: PortalAction): Grant[] {
    const out: Grant[] = [];
    for (const account of this.#accounts.values()) {
      const role = roleIn(account, userId);
      if (role && allows(role, action)) out.push({ account, userId, role });
    }
    return out;
  }

  /** True when the user has any role in any account. */
  hasAnyRole(userId: string): boolean {
    return [...this.#accounts.values()].some((a) => roleIn(a, userId) !== undefined);
  }

  /** The grant for `action`, or a 403 (audited) when there is none. */
  async authorize(userId: string, accountId: string, action: PortalAction, contentId?: string): Promise<Grant> {
    const account = this.#accounts.get(accountId);
    const role = account ? roleIn(account, userId) : undefined;
    if (account && role && allows(role, action)) return { account, userId, role };
    // Under the id asked for only when it is configured: invented ids share one bucket, so
    // refusals cannot grow the store with keys of their own.
    const shaped = ID_SHAPE.test(accountId) ? accountId : '(not an account id)';
    const asked = account ? accountId : ID_SHAPE.test(accountId) ? '(unknown account)' : shaped;
    this.#logger.warn({ event: 'galaxy_forbidden', userId, role: role ?? 'none', accountId: shaped, action }, 'refused: the user may not do this in this service account');
    await this.#store
      .appendAudit({
        at: new Date(this.#now()).toISOString(),
        userId,
        ...(role ? { role } : {}),
        accountId: asked,
        ...(contentId !== undefined && /^\d{1,20}$/.test(contentId) ? { contentId } : {}),
        action,
        outcome: 'forbidden',
      })
      .catch(() => undefined);
    throw forbidden(userId, role, action);
  }

  /** An account by id for a user with any role in it (pages use it for names); 403 otherwise. */
  describe(userId: string, accountId: string): { id: string; name: string; role: Role } {
    const account = this.#accounts.get(accountId);
    const role = account ? roleIn(account, userId) : undefined;
    if (!account || !role) throw forbidden(userId, undefined, 'app.view');
    return { id: account.id, name: account.name, role };
  }
}

/** The refusal: the same words whether the account is unknown or not yours. */
export function forbidden(userId: string, role: Role | undefined, action: PortalAction): SamsungAuthError {
  const needed = ACTION_ROLES[action];
  return new SamsungAuthError('FORBIDDEN', role ? `Your role (${role}) in this service account does not allow this; it needs ${needed}.` : 'You do not operate this service account.', {
    status: 403,
    hint: `Ask an administrator to give your Samsung user id (${userId}) the ${needed} role in GALAXY_SERVICE_ACCOUNTS.`,
  });
}
