/**
 * The release console: what viewers read ({@link ReleaseReads}), what releasers do
 * ({@link ReleaseActions}, {@link IapActions}), over one shared {@link ReleaseContext} (gate,
 * current token, limits, audit, one action per app at a time).
 */
import { DEFAULT_UPLOAD_TIMEOUT_MS } from '../galaxy/api/upload.js';
import { IapActions } from './iap-actions.js';
import { ReleaseActions } from './release-actions.js';
import { ReleaseContext, type AppRef, type ReleaseDeps } from './release-context.js';
import type { PortalAction } from './roles.js';
import { ReleaseReads } from './release-reads.js';

export class ReleaseConsole {
  readonly reads: ReleaseReads;
  readonly actions: ReleaseActions;
  readonly iap: IapActions;
  readonly #ctx: ReleaseContext;

  constructor(deps: ReleaseDeps) {
    this.#ctx = new ReleaseContext(deps);
    this.reads = new ReleaseReads(this.#ctx);
    this.actions = new ReleaseActions(this.#ctx);
    this.iap = new IapActions(this.#ctx);
  }

  /** The largest upload relayed, in bytes (GALAXY_MAX_UPLOAD_MB). */
  get maxUploadBytes(): number {
    return this.#ctx.maxUploadBytes;
  }

  /** The time budget of one relayed upload, in milliseconds (GALAXY_UPLOAD_TIMEOUT_SECONDS). */
  get uploadTimeoutMs(): number {
    return this.#ctx.deps.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS;
  }

  /** Throws 403 (audited) unless the user's role allows `action` in the account. */
  async authorize(ref: AppRef, action: PortalAction): Promise<void> {
    // A check counts as a read: refusals (and their audit events) are bounded per user too.
    await this.#ctx.deps.limits.hit(ref.userId, 'reads');
    await this.#ctx.deps.access.authorize(ref.userId, ref.accountId, action, ref.contentId);
  }
}
