/**
 * What every release-console call shares: the gate (role, then the app must be one of the
 * account's: an unknown app answers like a forbidden one), the account's current token and a
 * typed client on it, the per-user limits, the audit trail, and one state-changing action per app
 * at a time (across instances when the lock is shared: the second answers 409 with what is under way).
 */
import { SamsungAuthError } from '../errors.js';
import type { ContentSummary } from '../galaxy/api/content-types.js';
import { GalaxyStoreClient } from '../galaxy/galaxy-store-client.js';
import type { GalaxyConnection } from '../galaxy/lib/send-galaxy-request.js';
import type { Logger } from '../log.js';
import { MemoryTryLock, type TryLock } from '../stores/try-lock.js';
import { forbidden, type AccessControl, type Grant } from './access-control.js';
import type { AuditTrail, AuditedResult } from './audit-trail.js';
import type { CurrentTokens } from './current-token.js';
import type { PortalAction } from './roles.js';
import type { UserLimits } from './user-limits.js';

export interface ReleaseDeps {
  access: AccessControl;
  audit: AuditTrail;
  tokens: CurrentTokens;
  limits: UserLimits;
  connection: GalaxyConnection;
  logger: Logger;
  now: () => number;
  uploadUrl?: string;
  maxUploadBytes?: number;
  uploadTimeoutMs?: number;
  appLock?: TryLock;
}

/** One call's caller and app. */
export interface AppRef {
  userId: string;
  accountId: string;
  contentId: string;
}

/** An allowed call on an app: the grant, and the app as contentList shows it. */
export interface AppGrant extends Grant {
  contentId: string;
  summary: ContentSummary;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
/** A holder renews its lock while it runs; a crashed one frees the app within this. */
const ACTION_LOCK_TTL_MS = 30_000;

const ACTION_WORDS: Partial<Record<PortalAction, string>> = {
  'binary.upload': 'uploading a binary to',
  'binary.remove': 'removing a binary of',
  'notes.set': 'changing the release notes of',
  'app.submit': 'submitting',
  'app.go_live': 'putting on sale',
  'rollout.set': 'changing the rollout of',
  'rollout.complete': 'completing the rollout of',
};

export class ReleaseContext {
  readonly deps: ReleaseDeps;
  readonly #lock: TryLock;

  constructor(deps: ReleaseDeps) {
    this.deps = deps;
    this.#lock = deps.appLock ?? new MemoryTryLock();
  }

  get maxUploadBytes(): number {
    return this.deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  }

  /** Runs `fn` with a typed client on the account's current token (never a new one). */
  async withClient<T>(accountId: string, fn: (client: GalaxyStoreClient) => Promise<T>): Promise<{ result: T; fingerprint: string }> {
    const { connection, uploadUrl, uploadTimeoutMs } = this.deps;
    return this.deps.tokens.use(accountId, (accessToken) =>
      fn(
        new GalaxyStoreClient({
          ...connection,
          serviceAccountId: accountId,
          accessToken,
          ...(uploadUrl ? { uploadUrl } : {}),
          ...(uploadTimeoutMs ? { uploadTimeoutMs } : {}),
        }),
      ),
    );
  }

  /** The second half of the gate: the app must be among the account's (else the same 403). */
  async authorizeApp(grant: Grant, ref: AppRef, action: PortalAction, client: GalaxyStoreClient): Promise<AppGrant> {
    const summary = /^\d{1,20}$/.test(ref.contentId) ? (await client.content.list()).find((c) => c.contentId === ref.contentId) : undefined;
    if (!summary) {
      await this.deps.audit.append({ userId: ref.userId, role: grant.role, accountId: ref.accountId, action, outcome: 'forbidden', detail: 'unknown app' });
      this.deps.logger.warn({ event: 'galaxy_forbidden', userId: ref.userId, accountId: ref.accountId, action }, 'refused: no such app in this service account');
      throw forbidden(ref.userId, undefined, action);
    }
    return { ...grant, contentId: ref.contentId, summary };
  }

  /** A read: counted against the user's read limit, gated; audited only when refused. */
  async read<T>(ref: AppRef, action: PortalAction, fn: (client: GalaxyStoreClient, app: AppGrant) => Promise<T>): Promise<T> {
    await this.deps.limits.hit(ref.userId, 'reads');
    const grant = await this.deps.access.authorize(ref.userId, ref.accountId, action, ref.contentId);
    const { result } = await this.withClient(ref.accountId, async (client) => fn(client, await this.authorizeApp(grant, ref, action, client)));
    return result;
  }

  /**
   * A state-changing action: the release limit, the gate, one action per app at a time (409
   * RELEASE_IN_PROGRESS otherwise, saying who is doing what), and an audit event with Samsung's answer.
   */
  async act<T>(ref: AppRef, action: PortalAction, fn: (client: GalaxyStoreClient, app: AppGrant) => Promise<AuditedResult<T>>): Promise<T> {
    await this.deps.limits.hit(ref.userId, 'release');
    const grant = await this.deps.access.authorize(ref.userId, ref.accountId, action, ref.contentId);
    const scope = { userId: ref.userId, role: grant.role, accountId: ref.accountId, contentId: ref.contentId };
    const { result } = await this.withClient(ref.accountId, async (client) => {
      const app = await this.authorizeApp(grant, ref, action, client);
      const holder = { userId: ref.userId, action, since: new Date(this.deps.now()).toISOString() };
      return this.deps.audit.run(scope, action, async () => {
        const attempt = await this.#lock.tryRun(`app:${ref.accountId}:${ref.contentId}`, holder, ACTION_LOCK_TTL_MS, () => fn(client, app));
        if (!attempt.ran) throw busy(attempt.holder, app);
        return attempt.result;
      });
    });
    return result;
  }
}

function busy(holder: { userId: string; action: string; since: string } | undefined, app: AppGrant): SamsungAuthError {
  const doing = holder ? `${holder.userId} is ${ACTION_WORDS[holder.action as PortalAction] ?? 'changing'} ${app.summary.contentName} (since ${holder.since})` : `Another action on ${app.summary.contentName} is under way`;
  return new SamsungAuthError('RELEASE_IN_PROGRESS', `${doing}; nothing was sent to Galaxy Store.`, {
    status: 409,
    hint: 'Wait for it to finish, reload the app, then decide whether your action is still needed.',
  });
}
