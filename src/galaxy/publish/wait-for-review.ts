/** Waits, by reading contentInfo, until an app's submitted version leaves review. */
import { SamsungAuthError } from '../../errors.js';
import { contentPhase, type ContentPhase } from '../api/content-status.js';
import type { ContentInfo } from '../api/content-types.js';
import type { GalaxyStoreClient } from '../galaxy-store-client.js';

/** The status that matters for an app: its draft's, else its live record's. */
export function currentStatus(info: ContentInfo): { status: string; phase: ContentPhase } {
  const status = info.draft?.contentStatus ?? info.live?.contentStatus ?? 'UNKNOWN';
  return { status, phase: contentPhase(status) };
}

/**
 * Polls contentInfo every `intervalMs` until the app is out of review (approved, live, rejected,
 * or back to a draft), within `timeoutMs`.
 *
 * @example
 * ```ts
 * const galaxy = new GalaxyStoreClient({ serviceAccountId, accessToken });
 * const { status } = await waitForReview(galaxy, '000007654321', { timeoutMs: 3_600_000, intervalMs: 60_000 });
 * console.log(status); // e.g. READY_FOR_CHANGE
 * ```
 */
export async function waitForReview(
  client: GalaxyStoreClient,
  contentId: string,
  options: { timeoutMs: number; intervalMs: number; onPoll?: (status: string) => void },
): Promise<{ status: string; phase: ContentPhase; info: ContentInfo }> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const info = await client.content.info(contentId);
    const now = currentStatus(info);
    options.onPoll?.(now.status);
    if (now.phase !== 'review') return { ...now, info };
    if (Date.now() + options.intervalMs > deadline) {
      throw new SamsungAuthError('GALAXY_WAIT_TIMEOUT', `Content ${contentId} is still ${now.status} after the wait budget.`, {
        status: 504,
        hint: 'Review can take days; run "samsung-auth status --wait" again later, with a longer --wait-timeout.',
      });
    }
    await new Promise((r) => setTimeout(r, options.intervalMs));
  }
}
