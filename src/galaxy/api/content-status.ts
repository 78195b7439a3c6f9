/**
 * What a content status means (PROTOCOL §2.5): drafts `REGISTERING`, `UPDATING`, `RE_REGISTERING`;
 * review `READY_*`, `UNDER_*`, `*_REJECTED`, `*_DELAYED`, `*_CANCELED`; after review
 * `READY_FOR_SALE`, `READY_FOR_CHANGE`; live and final `FOR_SALE`, `SUSPENDED`, `TERMINATED`,
 * `CANCELED`; beta `BETA_*`. Unknown values are `unknown`, never a crash.
 */

/** The phase a status belongs to. */
export type ContentPhase = 'draft' | 'review' | 'rejected' | 'approved' | 'live' | 'final' | 'beta' | 'unknown';

/** Draft statuses: binaries can be added, the draft can be submitted. */
export const DRAFT_STATUSES: readonly string[] = Object.freeze(['REGISTERING', 'UPDATING', 'RE_REGISTERING']);

/**
 * The phase of a status string.
 *
 * @example
 * ```ts
 * contentPhase('UNDER_REVIEW'); // 'review'
 * contentPhase('READY_FOR_CHANGE'); // 'approved'
 * ```
 */
export function contentPhase(status: unknown): ContentPhase {
  if (typeof status !== 'string') return 'unknown';
  if (DRAFT_STATUSES.includes(status)) return 'draft';
  if (status === 'READY_FOR_SALE' || status === 'READY_FOR_CHANGE') return 'approved';
  if (status === 'FOR_SALE') return 'live';
  if (status === 'SUSPENDED' || status === 'TERMINATED' || status === 'CANCELED') return 'final';
  if (status.startsWith('BETA_')) return 'beta';
  if (status.endsWith('_REJECTED')) return 'rejected';
  if (status.startsWith('READY_') || status.startsWith('UNDER_') || status.endsWith('_DELAYED') || status.endsWith('_CANCELED')) return 'review';
  return 'unknown';
}
