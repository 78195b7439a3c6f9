/**
 * The publish flow (PROTOCOL §2.5, "The update flow"): plan from contentInfo, open the draft with
 * contentUpdate, upload each file (a fresh session per attempt), add each binary, optionally
 * remove the older ones and submit, each step verified by reading contentInfo. A lost answer is
 * resolved by reading the state, and a binary is looked for by its unique file name before
 * anything else, so a retried or re-run publish never adds a binary twice.
 */
import { SamsungAuthError } from '../../errors.js';
import { contentPhase } from '../api/content-status.js';
import type { ContentInfo } from '../api/content-types.js';
import { uniqueUploadName, type UploadProgress, type UploadedFile } from '../api/upload.js';
import type { GalaxyStoreClient } from '../galaxy-store-client.js';
import { isTransientFailure } from '../lib/run-operation.js';
import { GalaxyApiError } from '../galaxy-error.js';
import { resolvingLostAnswer } from './lost-answers.js';
import { planPublish, type PublishOptions, type PublishPlan } from './publish-plan.js';

/** Options of {@link publishToGalaxy}: what to publish, and where to report. */
export interface PublishFlowOptions extends PublishOptions {
  /** One line per step, for logs. */
  onStep?: (text: string) => void;
  onProgress?: (progress: UploadProgress) => void;
  /** Upload attempts per file (each with a new session and file name); default 3. */
  uploadAttempts?: number;
}

/** What a publish run did. */
export interface PublishResult {
  plan: PublishPlan;
  binaries: { path: string; binarySeq: string; fileName: string; skipped: boolean }[];
  removed: string[];
  submitted: boolean;
  /** The draft's status at the end, read from contentInfo. */
  draftStatus?: string;
}

function notVerified(step: string, what: string): SamsungAuthError {
  return new SamsungAuthError('GALAXY_STEP_NOT_VERIFIED', `${step} was answered as done, but contentInfo does not show it: ${what}.`, {
    status: 502,
    hint: 'Look with "samsung-auth apps show --content-id ID"; nothing further was changed.',
  });
}

async function uploadWithRetries(client: GalaxyStoreClient, path: string, options: PublishFlowOptions, say: (t: string) => void): Promise<UploadedFile> {
  const attempts = options.uploadAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      // A new name each attempt: an attempt whose answer was lost may have been stored under its name.
      return await client.upload.uploadFile(path, { fileName: uniqueUploadName(path), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    } catch (err) {
      const retryable = isTransientFailure(err) || (err instanceof GalaxyApiError && err.galaxyCode === '7002');
      if (!retryable || attempt >= attempts) throw err;
      say(`upload of ${path} failed (${err instanceof SamsungAuthError ? err.code : 'error'}); trying again with a new session`);
    }
  }
}

/**
 * Publishes binaries to an app; see the module comment.
 *
 * @example
 * ```ts
 * const galaxy = new GalaxyStoreClient({ serviceAccountId, accessToken });
 * const result = await publishToGalaxy(galaxy, { contentId: '000007654321', files: ['app-release.apk'], submit: true, onStep: console.error });
 * console.log(result.binaries.map((b) => b.binarySeq), result.draftStatus);
 * ```
 */
export async function publishToGalaxy(client: GalaxyStoreClient, options: PublishFlowOptions): Promise<PublishResult> {
  const say = options.onStep ?? (() => undefined);
  const { plan } = await planPublish(client, options);
  const id = plan.contentId;
  const read = () => client.content.info(id);
  const openDraft = (info: ContentInfo) => contentPhase(info.draft?.contentStatus) === 'draft';
  let info: ContentInfo | undefined;

  if (plan.update) {
    const notesSeen = (i: ContentInfo) => openDraft(i) && (plan.update?.newFeature === undefined || i.draft?.newFeature === plan.update.newFeature);
    say(plan.opensDraft ? 'contentUpdate: opening a draft' : 'contentUpdate: setting the release notes');
    await resolvingLostAnswer('contentUpdate', () => client.content.update(id, plan.update!), read, notesSeen, say);
    info = await read();
    if (!notesSeen(info)) throw notVerified('contentUpdate', 'no open draft with these release notes');
  }

  const binaries: PublishResult['binaries'] = [];
  for (const file of plan.files) {
    if (file.alreadyInDraft) {
      say(`${file.path}: already in the draft as binary ${file.alreadyInDraft.binarySeq} (${file.alreadyInDraft.fileName}); not added again`);
      binaries.push({ path: file.path, ...file.alreadyInDraft, skipped: true });
      continue;
    }
    say(`uploading ${file.path} (${file.size} bytes)`);
    const uploaded = await uploadWithRetries(client, file.path, options, say);
    const inDraft = (i: ContentInfo) => i.draft?.binaryList.find((b) => b.fileName === uploaded.fileName);
    say(`adding binary ${uploaded.fileName}`);
    const add = () =>
      client.binaries.add({ contentId: id, fileKey: uploaded.fileKey, gms: plan.gms, ...(plan.binarySeqForDeviceInfo ? { binarySeqForDeviceInfo: plan.binarySeqForDeviceInfo } : {}) });
    await resolvingLostAnswer(`adding ${uploaded.fileName}`, add, read, (i) => inDraft(i) !== undefined, say);
    info = await read();
    const added = inDraft(info);
    if (!added) throw notVerified(`Adding ${uploaded.fileName}`, 'the binary is not in the draft');
    binaries.push({ path: file.path, binarySeq: added.binarySeq, fileName: uploaded.fileName, skipped: false });
  }

  const removed: string[] = [];
  for (const old of plan.removes) {
    const gone = (i: ContentInfo) => !i.draft?.binaryList.some((b) => b.binarySeq === old.binarySeq);
    say(`removing the draft's older binary ${old.binarySeq}${old.fileName ? ` (${old.fileName})` : ''}`);
    await resolvingLostAnswer(`removing binary ${old.binarySeq}`, () => client.binaries.remove(id, old.binarySeq), read, gone, say);
    info = await read();
    if (!gone(info)) throw notVerified(`Removing binary ${old.binarySeq}`, 'it is still in the draft');
    removed.push(old.binarySeq);
  }

  if (plan.submit) {
    // Submitted: the draft left the draft statuses (in review, or already live).
    const submittedSeen = (i: ContentInfo) => !openDraft(i);
    say('submitting the draft for review');
    await resolvingLostAnswer('contentSubmit', () => client.content.submit(id), read, submittedSeen, say);
    info = await read();
    if (!submittedSeen(info)) throw notVerified('contentSubmit', `the draft is still ${info.draft?.contentStatus}`);
  }
  info ??= await read();
  return { plan, binaries, removed, submitted: plan.submit, ...(info.draft ? { draftStatus: info.draft.contentStatus } : {}) };
}
