/**
 * The catalog of every Galaxy Store operation this toolkit calls (PROTOCOL §2.4, §2.5): method,
 * path, scope, and whether it is safe to repeat after a failure. Only calls that cannot change
 * anything twice are retried: reads, the read-only statistics queries, a new upload session.
 * contentUpdate, add-binary, submit, a status change, rollout and IAP writes are never repeated
 * blindly: a lost answer is checked by reading the state back.
 */
import type { GalaxyMethod } from '../api-client.js';
import type { GalaxyScope } from '../galaxy-scopes.js';

/** One entry of {@link GALAXY_OPERATIONS}. */
export interface GalaxyOperation {
  readonly method: GalaxyMethod;
  /** Path from the API base URL; `{name}` parts are filled (URL-encoded) from the call's params. */
  readonly path: string;
  readonly scope: GalaxyScope;
  /** Safe to send again after a timeout, a reset or a 5xx. */
  readonly safeToRetry: boolean;
  /** Changes the seller's data (what `--dry-run` never calls). */
  readonly changesState: boolean;
  /** Sent without `service-account-id` (only the GSS contentMetric API allows it, seed 003). */
  readonly omitServiceAccountId?: boolean;
}

const read = (method: GalaxyMethod, path: string, scope: GalaxyScope = 'publishing'): GalaxyOperation =>
  Object.freeze({ method, path, scope, safeToRetry: true, changesState: false });
const write = (method: GalaxyMethod, path: string): GalaxyOperation =>
  Object.freeze({ method, path, scope: 'publishing', safeToRetry: false, changesState: true });

/**
 * Every operation by name.
 *
 * @example
 * ```ts
 * const op = GALAXY_OPERATIONS.addBinary;
 * console.log(op.method, op.path, op.safeToRetry); // POST /seller/v2/content/binary false
 * ```
 */
export const GALAXY_OPERATIONS = Object.freeze({
  contentList: read('GET', '/seller/contentList'),
  contentInfo: read('GET', '/seller/contentInfo'),
  // A new session changes nothing the seller sees; a lost one is simply never used.
  createUploadSession: Object.freeze({ ...read('POST', '/seller/createUploadSessionId') }),
  contentUpdate: write('POST', '/seller/contentUpdate'),
  addBinary: write('POST', '/seller/v2/content/binary'),
  updateBinary: write('PUT', '/seller/v2/content/binary'),
  deleteBinary: write('DELETE', '/seller/v2/content/binary'),
  contentSubmit: write('POST', '/seller/contentSubmit'),
  contentStatusUpdate: write('POST', '/seller/contentStatusUpdate'),
  getRolloutRate: read('GET', '/seller/v2/content/stagedRolloutRate'),
  setRolloutRate: write('PUT', '/seller/v2/content/stagedRolloutRate'),
  getRolloutBinaries: read('GET', '/seller/v2/content/stagedRolloutBinary'),
  setRolloutBinary: write('PUT', '/seller/v2/content/stagedRolloutBinary'),
  iapList: read('GET', '/iap/v6/applications/{packageName}/items'),
  iapGet: read('GET', '/iap/v6/applications/{packageName}/items/{itemId}'),
  iapCreate: write('POST', '/iap/v6/applications/{packageName}/items'),
  iapReplace: write('PUT', '/iap/v6/applications/{packageName}/items'),
  iapPatch: write('PATCH', '/iap/v6/applications/{packageName}/items'),
  iapDelete: write('DELETE', '/iap/v6/applications/{packageName}/items/{itemId}'),
  sellerMetric: read('POST', '/gss/query/sellerMetric', 'gss'),
  contentMetric: Object.freeze({ ...read('POST', '/gss/query/contentMetric', 'gss'), omitServiceAccountId: true }),
} satisfies Record<string, GalaxyOperation>);

/** The name of a catalogued operation. */
export type GalaxyOperationName = keyof typeof GALAXY_OPERATIONS;
