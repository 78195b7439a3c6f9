/**
 * The release console's actions (releaser and up): upload a binary (relayed from the browser as
 * a stream), remove a draft binary, set the release notes, submit for review, go live, raise or
 * complete the staged rollout. Each one: the release limit, the role, one action per app at a
 * time, the state read first (so a second submit never reaches Samsung), Samsung's answer audited.
 * A lost answer is resolved by reading the state back, never by repeating the call blindly.
 */
import { SamsungAuthError } from '../errors.js';
import { contentPhase } from '../galaxy/api/content-status.js';
import type { ContentInfo } from '../galaxy/api/content-types.js';
import type { RolloutChange } from '../galaxy/api/rollout.js';
import type { AddBinaryInput } from '../galaxy/api/binaries.js';
import { uniqueUploadName, type UploadProgress } from '../galaxy/api/upload.js';
import type { GalaxyStoreClient } from '../galaxy/galaxy-store-client.js';
import { resolvingLostAnswer } from '../galaxy/publish/lost-answers.js';
import { echoedFields } from '../galaxy/publish/publish-plan.js';
import type { AppRef, ReleaseContext } from './release-context.js';

/** A binary on its way from the browser. */
export interface IncomingBinary {
  /** The file's bytes, as they arrive (never held whole). */
  stream: AsyncIterable<Buffer>;
  /** The name the browser gave it (`.apk` or `.aab`). */
  fileName: string;
  /** Aborted when the browser goes away: the upload is cut and its session not reused. */
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
}

/** What an action left the app as. */
export interface ActionResult {
  contentId: string;
  /** The draft's (or live record's) status afterwards, read from contentInfo. */
  status: string | null;
}

const UPLOAD_EXTENSIONS = /\.(apk|aab)$/i;
const never = () => undefined;

export class ReleaseActions {
  readonly #ctx: ReleaseContext;

  constructor(ctx: ReleaseContext) {
    this.#ctx = ctx;
  }

  /** Uploads a binary and adds it to the draft (a draft is opened from the live version when there is none). */
  async uploadBinary(ref: AppRef, file: IncomingBinary): Promise<ActionResult & { binarySeq: string; fileName: string; fileSize: string }> {
    if (!UPLOAD_EXTENSIONS.test(file.fileName)) {
      throw new SamsungAuthError('UPLOAD_INVALID', 'Only .apk and .aab files can be uploaded.', { status: 400, hint: 'Choose the app bundle or APK your build produced.' });
    }
    return this.#ctx.act(ref, 'binary.upload', async (client) => {
      let info = await client.content.info(ref.contentId);
      if (!info.draft) {
        const fields = info.live ? echoedFields(info.live) : {};
        await resolvingLostAnswer('contentUpdate', () => client.content.update(ref.contentId, fields), () => client.content.info(ref.contentId), (i) => isOpenDraft(i), never);
        info = await client.content.info(ref.contentId);
      }
      if (!isOpenDraft(info)) throw notADraft(info);
      const previous = info.draft!.binaryList.at(-1);
      const uploaded = await client.upload.uploadStream(file.stream, uniqueUploadName(file.fileName, new Date(this.#ctx.deps.now())), {
        ...(file.signal ? { signal: file.signal } : {}),
        ...(file.onProgress ? { onProgress: file.onProgress } : {}),
      });
      const binarySeq = await addOnce(client, ref.contentId, uploaded.fileName, {
        contentId: ref.contentId,
        fileKey: uploaded.fileKey,
        gms: previous?.gms === 'N' ? 'N' : 'Y',
        ...(previous ? { binarySeqForDeviceInfo: previous.binarySeq } : {}),
      });
      return {
        result: { contentId: ref.contentId, status: await statusOf(client, ref.contentId), binarySeq, fileName: uploaded.fileName, fileSize: uploaded.fileSize },
        samsungCode: 'ok',
        detail: `binary ${binarySeq} (${uploaded.fileSize} bytes)`,
      };
    });
  }

  /** Removes a binary of the draft. */
  async removeBinary(ref: AppRef, binarySeq: string): Promise<ActionResult> {
    return this.#ctx.act(ref, 'binary.remove', async (client) => {
      const info = await client.content.info(ref.contentId);
      if (!isOpenDraft(info)) throw notADraft(info);
      if (!info.draft!.binaryList.some((b) => b.binarySeq === binarySeq)) {
        throw new SamsungAuthError('RELEASE_STATE_CONFLICT', `The draft has no binary ${String(binarySeq).slice(0, 20)}.`, { status: 409, hint: 'Reload the app: it may have been removed already.' });
      }
      await client.binaries.remove(ref.contentId, binarySeq);
      return { result: { contentId: ref.contentId, status: await statusOf(client, ref.contentId) }, samsungCode: 'ok', detail: `binary ${binarySeq}` };
    });
  }

  /** Sets the draft's release notes (opening a draft from the live version when there is none). */
  async setReleaseNotes(ref: AppRef, notes: string): Promise<ActionResult> {
    if (typeof notes !== 'string' || notes.trim() === '' || Buffer.byteLength(notes) > 4000) {
      throw new SamsungAuthError('BAD_REQUEST', 'Release notes are text of 1 to 4000 bytes.', { status: 400 });
    }
    return this.#ctx.act(ref, 'notes.set', async (client) => {
      const read = () => client.content.info(ref.contentId);
      const before = await read();
      if (before.draft && !isOpenDraft(before)) throw notADraft(before);
      const base = before.draft ?? before.live;
      const fields = { ...(base ? echoedFields(base) : {}), newFeature: notes };
      await resolvingLostAnswer('contentUpdate', () => client.content.update(ref.contentId, fields), read, (i) => i.draft?.newFeature === notes, never);
      return { result: { contentId: ref.contentId, status: await statusOf(client, ref.contentId) }, samsungCode: 'ok' };
    });
  }

  /** Submits the draft for review; a draft already in review answers 409 without calling Samsung. */
  async submit(ref: AppRef): Promise<ActionResult> {
    return this.#ctx.act(ref, 'app.submit', async (client) => {
      const read = () => client.content.info(ref.contentId);
      const before = await read();
      if (!isOpenDraft(before)) throw notADraft(before);
      await resolvingLostAnswer('contentSubmit', () => client.content.submit(ref.contentId), read, (i) => !isOpenDraft(i), never);
      return { result: { contentId: ref.contentId, status: await statusOf(client, ref.contentId) }, samsungCode: 'ok' };
    });
  }

  /** Puts an approved version on sale (cannot be undone: the routes ask for a confirmation first). */
  async goLive(ref: AppRef): Promise<ActionResult> {
    return this.#ctx.act(ref, 'app.go_live', async (client) => {
      const read = () => client.content.info(ref.contentId);
      const before = await read();
      if (contentPhase(before.draft?.contentStatus) !== 'approved') {
        throw new SamsungAuthError('RELEASE_STATE_CONFLICT', `Only a version approved in review can go live; the draft is ${before.draft?.contentStatus ?? 'absent'}.`, {
          status: 409,
          hint: 'Submit the draft and wait for the review; reload the app to see its status.',
        });
      }
      await resolvingLostAnswer('contentStatusUpdate FOR_SALE', () => client.content.changeStatus(ref.contentId, 'FOR_SALE'), read, (i) => !i.draft && i.live?.contentStatus === 'FOR_SALE', never);
      return { result: { contentId: ref.contentId, status: await statusOf(client, ref.contentId) }, samsungCode: 'ok' };
    });
  }

  /**
   * Raises the staged rollout of the live version (rates only go up). A rollout without binaries
   * is given the live version's binaries first (Samsung refuses a rate without them, 3207).
   */
  async setRollout(ref: AppRef, change: RolloutChange): Promise<ActionResult> {
    checkRolloutChange(change);
    return this.#ctx.act(ref, 'rollout.set', async (client) => {
      if ((await client.rollout.binaries(ref.contentId)).length === 0) {
        const live = (await client.content.info(ref.contentId)).live;
        // ADD is a set operation at Samsung: repeating it after a lost answer changes nothing.
        for (const b of live?.binaryList ?? []) await client.rollout.setBinary(ref.contentId, 'ADD', b.binarySeq);
      }
      await client.rollout.setRate(ref.contentId, change, 'SALE');
      return { result: { contentId: ref.contentId, status: await statusOf(client, ref.contentId) }, samsungCode: 'ok', detail: `rate ${change.rolloutRate ?? '-'}` };
    });
  }

  /** Completes the staged rollout: everyone gets the version (cannot be undone: confirmed first). */
  async completeRollout(ref: AppRef): Promise<ActionResult> {
    return this.#ctx.act(ref, 'rollout.complete', async (client) => {
      await client.rollout.complete(ref.contentId, 'SALE');
      return { result: { contentId: ref.contentId, status: await statusOf(client, ref.contentId) }, samsungCode: 'ok' };
    });
  }
}

function isOpenDraft(info: ContentInfo): boolean {
  return contentPhase(info.draft?.contentStatus) === 'draft';
}

function notADraft(info: ContentInfo): SamsungAuthError {
  const status = info.draft?.contentStatus ?? info.live?.contentStatus ?? 'unknown';
  return new SamsungAuthError('RELEASE_STATE_CONFLICT', `The app has no open draft: it is ${status}${contentPhase(status) === 'review' ? ' (submitted already)' : ''}.`, {
    status: 409,
    hint: 'Reload the app to see what happened; a draft can be changed or submitted only while it is REGISTERING or UPDATING.',
  });
}

/** The status after an action, read back; best effort (the action is done whether this read works or not). */
async function statusOf(client: GalaxyStoreClient, contentId: string): Promise<string | null> {
  try {
    const info = await client.content.info(contentId);
    return info.draft?.contentStatus ?? info.live?.contentStatus ?? null;
  } catch {
    return null;
  }
}

/** Adds the uploaded file as a binary once: a lost answer is resolved by finding its unique name in the draft. */
async function addOnce(client: GalaxyStoreClient, contentId: string, fileName: string, input: AddBinaryInput): Promise<string> {
  const inDraft = (i: ContentInfo) => i.draft?.binaryList.find((b) => b.fileName === fileName);
  const added = await resolvingLostAnswer('v2 binary add', () => client.binaries.add(input), () => client.content.info(contentId), (i) => inDraft(i) !== undefined, never);
  if (added !== 'found') return added.binarySeq;
  return inDraft(await client.content.info(contentId))?.binarySeq ?? '';
}

/** A rollout change checked before anything is called: a rate from 1 to 100, countries as alpha-3 codes with rates. */
function checkRolloutChange(change: RolloutChange): void {
  const bad = () => new SamsungAuthError('BAD_REQUEST', 'rolloutRate is a whole number from 1 to 100; countries is a list of {countryCode (alpha-3), rolloutRate}.', { status: 400 });
  const rate = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100;
  if (change.rolloutRate === undefined && change.countries === undefined) throw bad();
  if (change.rolloutRate !== undefined && !rate(change.rolloutRate)) throw bad();
  if (change.countries !== undefined) {
    if (!Array.isArray(change.countries)) throw bad();
    for (const c of change.countries as unknown[]) {
      const o = c as { countryCode?: unknown; rolloutRate?: unknown } | null;
      if (typeof o !== 'object' || o === null || typeof o.countryCode !== 'string' || !/^[A-Z]{3}$/.test(o.countryCode) || !rate(o.rolloutRate)) throw bad();
    }
  }
}
