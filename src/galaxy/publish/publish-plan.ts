/**
 * The plan of a publish run, made from read calls only (contentInfo), so `--dry-run` can print it
 * and the flow can follow it: whether a draft is opened, the contentUpdate body (the four fields
 * PROTOCOL §2.5 says to echo, from contentInfo, plus the release notes; never a read-only field,
 * never `binaryList`), the files and their device setup, what is already in the draft (a re-run),
 * what would be removed.
 */
import { SamsungAuthError } from '../../errors.js';
import { contentPhase } from '../api/content-status.js';
import type { ContentBinary, ContentInfo, ContentRecord } from '../api/content-types.js';
import { checkContentId, checkUtf8Bytes, invalidInput } from '../api/input-checks.js';
import { fileSize, uploadNamePattern } from '../api/upload.js';
import type { GalaxyStoreClient } from '../galaxy-store-client.js';

/** What to publish. */
export interface PublishOptions {
  contentId: string;
  /** Binaries to upload and add, in order. */
  files: string[];
  /** Release notes (`newFeature`), at most 4000 UTF-8 bytes. */
  releaseNotes?: string;
  /** The gms flag of the new binaries; default that of the newest live binary. */
  gms?: 'Y' | 'N';
  /** Remove the draft's other binaries once the new ones are in. */
  replaceBinaries?: boolean;
  /** Submit the draft for review at the end. */
  submit?: boolean;
}

/** One file of the plan. */
export interface PlannedFile {
  path: string;
  size: number;
  /** Set when the draft already holds this file (same name stem and size): it is not added again. */
  alreadyInDraft?: { binarySeq: string; fileName: string };
}

/** A publish run's plan. */
export interface PublishPlan {
  contentId: string;
  appTitle?: string;
  liveStatus?: string;
  draftStatus?: string;
  /** True when there is no draft yet: contentUpdate opens one. */
  opensDraft: boolean;
  /** The contentUpdate body without `contentId`, when one is sent. */
  update?: Record<string, string>;
  files: PlannedFile[];
  gms: 'Y' | 'N';
  binarySeqForDeviceInfo?: string;
  /** Binaries removed after the new ones are in (`replaceBinaries`). */
  removes: { binarySeq: string; fileName?: string }[];
  submit: boolean;
}

const ECHOED = ['defaultLanguageCode', 'paid', 'publicationType'] as const;

/**
 * What contentUpdate echoes from contentInfo besides what changes (PROTOCOL §2.5 [contested]:
 * `defaultLanguageCode`, `paid`, `publicationType`, with `contentId`); never the record wholesale.
 *
 * @example
 * ```ts
 * echoedFields({ contentId: '000007654321', contentStatus: 'FOR_SALE', paid: 'N', publicationType: '01', binaryList: [] });
 * // { paid: 'N', publicationType: '01' }
 * ```
 */
export function echoedFields(base: ContentRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ECHOED) if (typeof base[k] === 'string') out[k] = base[k] as string;
  return out;
}

function newest(binaries: ContentBinary[]): ContentBinary | undefined {
  return [...binaries].sort((a, b) => Number(b.binarySeq) - Number(a.binarySeq))[0];
}

/** Checks the options before any call: content id, files, release notes. */
async function checkOptions(options: PublishOptions): Promise<number[]> {
  checkContentId(options.contentId);
  if (!Array.isArray(options.files) || options.files.length === 0) throw invalidInput('Give at least one file to publish (--file PATH).');
  if (options.releaseNotes !== undefined) checkUtf8Bytes('The release notes (newFeature)', options.releaseNotes, 4000);
  if (options.gms !== undefined && options.gms !== 'Y' && options.gms !== 'N') throw invalidInput('gms is Y or N.');
  return Promise.all(options.files.map((f) => fileSize(f)));
}

/** The record a draft is (or will be) made from, and whether publishing can start at all. */
function startingPoint(info: ContentInfo): { base: ContentRecord; opensDraft: boolean } {
  const draftPhase = contentPhase(info.draft?.contentStatus);
  if (info.draft && draftPhase === 'draft') return { base: info.draft, opensDraft: false };
  if (!info.draft && info.live?.contentStatus === 'FOR_SALE') return { base: info.live, opensDraft: true };
  const status = info.draft?.contentStatus ?? info.live?.contentStatus ?? 'unknown';
  throw new SamsungAuthError('GALAXY_PUBLISH_REFUSED', `Content ${info.contentId} is ${status}: a new version can be published only when the app is FOR_SALE or already has a draft (REGISTERING/UPDATING).`, {
    status: 409,
    hint: info.records.length === 0 ? 'No app has this content id: check it with "samsung-auth apps list".' : 'Wait for the review to end (samsung-auth status --wait), or handle the rejection in Seller Portal.',
  });
}

/**
 * Reads contentInfo and makes the plan; calls nothing that changes anything.
 *
 * @example
 * ```ts
 * const galaxy = new GalaxyStoreClient({ serviceAccountId, accessToken });
 * const { plan } = await planPublish(galaxy, { contentId: '000007654321', files: ['app-release.apk'] });
 * console.log(plan.opensDraft, plan.files.length);
 * ```
 */
export async function planPublish(client: GalaxyStoreClient, options: PublishOptions): Promise<{ plan: PublishPlan; info: ContentInfo }> {
  const sizes = await checkOptions(options);
  const info = await client.content.info(options.contentId);
  const { base, opensDraft } = startingPoint(info);
  const draftBinaries = base.binaryList;
  const files: PlannedFile[] = options.files.map((path, i) => {
    const size = sizes[i]!;
    const pattern = uploadNamePattern(path);
    const found = opensDraft ? undefined : draftBinaries.find((b) => pattern.test(b.fileName ?? '') && b.fileSize === String(size));
    return { path, size, ...(found ? { alreadyInDraft: { binarySeq: found.binarySeq, fileName: found.fileName ?? '' } } : {}) };
  });
  const reference = newest(info.live?.binaryList ?? []) ?? newest(draftBinaries);
  let update: Record<string, string> | undefined;
  if (opensDraft || options.releaseNotes !== undefined) {
    update = echoedFields(base);
    if (options.releaseNotes !== undefined) update.newFeature = options.releaseNotes;
  }
  const kept = new Set(files.flatMap((f) => (f.alreadyInDraft ? [f.alreadyInDraft.binarySeq] : [])));
  const removes = options.replaceBinaries ? draftBinaries.filter((b) => !kept.has(b.binarySeq)).map((b) => ({ binarySeq: b.binarySeq, fileName: b.fileName })) : [];
  const plan: PublishPlan = {
    contentId: info.contentId,
    ...(typeof base.appTitle === 'string' ? { appTitle: base.appTitle } : {}),
    ...(info.live ? { liveStatus: info.live.contentStatus } : {}),
    ...(info.draft ? { draftStatus: info.draft.contentStatus } : {}),
    opensDraft,
    ...(update ? { update } : {}),
    files,
    gms: options.gms ?? (reference?.gms === 'N' ? 'N' : 'Y'),
    ...(reference?.binarySeq ? { binarySeqForDeviceInfo: reference.binarySeq } : {}),
    removes,
    submit: options.submit === true,
  };
  return { plan, info };
}
