/**
 * The Content Publish API's content calls (PROTOCOL §2.5): contentList, contentInfo (live and draft
 * told apart), contentUpdate (never a `binaryList`, never a read-only field), contentSubmit and
 * contentStatusUpdate.
 */
import type { OperationRunner } from '../lib/run-operation.js';
import { contentPhase } from './content-status.js';
import {
  CONTENT_TEXT_LIMITS,
  WRITABLE_CONTENT_FIELDS,
  type ContentBinary,
  type ContentInfo,
  type ContentRecord,
  type ContentStatusChange,
  type ContentSummary,
  type ContentUpdateFields,
  type ContentUpdateResult,
} from './content-types.js';
import { arrayBody, asText, checkContentId, checkUtf8Bytes, invalidInput, objectBody } from './input-checks.js';

const STRING_FIELDS = ['contentId', 'binarySeq', 'versionCode', 'fileSize', 'apiminSdkVersion', 'ageLimit', 'standardPrice', 'binarySeqForDeviceInfo'];

/** Numbers that should be strings, made strings (Samsung mixes them). */
function stringify<T>(o: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...o };
  for (const k of STRING_FIELDS) if (typeof out[k] === 'number') out[k] = String(out[k]);
  return out as T;
}

function toRecord(o: Record<string, unknown>): ContentRecord {
  const list = Array.isArray(o.binaryList) ? o.binaryList.filter((b): b is Record<string, unknown> => typeof b === 'object' && b !== null) : [];
  return { ...stringify<ContentRecord>(o), contentStatus: asText(o.contentStatus) ?? '', binaryList: list.map((b) => stringify<ContentBinary>(b)) };
}

/**
 * Which record is live and which is the draft: by `appStatus` when present (`SALE` /
 * `REGISTRATION`), else by status (older answers lack `appStatus`).
 */
export function splitContentRecords(contentId: string, records: ContentRecord[]): ContentInfo {
  const isLive = (r: ContentRecord) =>
    r.appStatus !== undefined ? r.appStatus === 'SALE' : ['live', 'final'].includes(contentPhase(r.contentStatus));
  const live = records.find(isLive);
  const draft = records.find((r) => r !== live);
  return { contentId, ...(live ? { live } : {}), ...(draft ? { draft } : {}), records };
}

/** Checks contentUpdate fields before any call: known writable fields only, text limits in bytes. */
export function checkUpdateFields(fields: ContentUpdateFields): void {
  for (const key of Object.keys(fields)) {
    if (key === 'binaryList') {
      throw invalidInput('contentUpdate cannot carry a binaryList (Galaxy Store refuses it with 8014 since July 2026).', 'Add binaries with binaries.add (POST /seller/v2/content/binary).');
    }
    if (!WRITABLE_CONTENT_FIELDS.includes(key)) {
      throw invalidInput(`contentUpdate cannot change "${key.slice(0, 40)}": it is read-only or unknown.`, 'Send only the fields you change (see ContentUpdateFields).');
    }
  }
  for (const [field, limit] of Object.entries(CONTENT_TEXT_LIMITS)) {
    const value = (fields as Record<string, unknown>)[field];
    if (typeof value === 'string') checkUtf8Bytes(field, value, limit);
  }
}

/** Content calls, bound to one client. */
export class ContentApi {
  readonly #ops: OperationRunner;

  constructor(ops: OperationRunner) {
    this.#ops = ops;
  }

  /** `GET /seller/contentList`: every app of the seller. */
  async list(): Promise<ContentSummary[]> {
    const res = await this.#ops.run('contentList');
    return arrayBody(res, '/seller/contentList').map((o) => ({ ...stringify<ContentSummary>(o), standardPrice: asText(o.standardPrice) ?? '' }));
  }

  /** `GET /seller/contentInfo`: the app's records, live and draft told apart. */
  async info(contentId: string): Promise<ContentInfo> {
    const id = checkContentId(contentId);
    const res = await this.#ops.run('contentInfo', { query: { contentId: id } });
    return splitContentRecords(id, arrayBody(res, '/seller/contentInfo').map(toRecord));
  }

  /** `POST /seller/contentUpdate`: opens the app's draft (or updates it) with these fields. */
  async update(contentId: string, fields: ContentUpdateFields): Promise<ContentUpdateResult> {
    const id = checkContentId(contentId);
    checkUpdateFields(fields);
    const res = await this.#ops.run('contentUpdate', { body: { contentId: id, ...fields } });
    const body = res.data === undefined ? {} : objectBody(res, '/seller/contentUpdate', 'a JSON object');
    const status = asText(body.contentStatus);
    return { contentId: asText(body.contentId) ?? asText(body.ctntId) ?? id, ...(status ? { contentStatus: status } : {}) };
  }

  /** `POST /seller/contentSubmit`: submits the draft for review (204, or 200 from some servers). */
  async submit(contentId: string): Promise<void> {
    await this.#ops.run('contentSubmit', { body: { contentId: checkContentId(contentId) } });
  }

  /** `POST /seller/contentStatusUpdate`: publish after review (publicationType 03), suspend, terminate. */
  async changeStatus(contentId: string, contentStatus: ContentStatusChange): Promise<void> {
    if (!['FOR_SALE', 'SUSPENDED', 'TERMINATED'].includes(contentStatus)) throw invalidInput('contentStatus is FOR_SALE, SUSPENDED or TERMINATED.');
    await this.#ops.run('contentStatusUpdate', { body: { contentId: checkContentId(contentId), contentStatus } });
  }
}
