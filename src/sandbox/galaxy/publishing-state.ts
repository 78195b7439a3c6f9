/**
 * The per-app state machine of the sandbox's Content Publish API (PROTOCOL §3 "Publishing"): a
 * live record and a draft per app, binaries, review that moves a submitted draft on after
 * `reviewMs`, and the refusals Samsung answers (8014, 4104, 3201, 4105...). Routes translate
 * refusals into Samsung's envelopes; this file knows no HTTP.
 */
import { contentPhase, DRAFT_STATUSES } from '../../galaxy/api/content-status.js';
import { WRITABLE_CONTENT_FIELDS } from '../../galaxy/api/content-types.js';
import type { UploadedFile } from './uploaded-files.js';

export interface SandboxBinary {
  binarySeq: string;
  fileName: string;
  fileSize: string;
  versionCode: string;
  versionName: string;
  packageName: string;
  gms: 'Y' | 'N';
  apiminSdkVersion: string;
  binarySeqForDeviceInfo?: string;
}

export interface SandboxRecord {
  contentStatus: string;
  /** Listing fields (appTitle, defaultLanguageCode, paid, publicationType, newFeature...). */
  fields: Record<string, unknown>;
  binaries: SandboxBinary[];
  submittedAt?: number;
}

export interface SandboxApp {
  contentId: string;
  contentName: string;
  packageName: string;
  applicationType: string;
  category: string;
  modifyDate: string;
  live: SandboxRecord | undefined;
  draft: SandboxRecord | undefined;
}

/** A refusal with Samsung's code; the route picks the envelope. */
export class SellerRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

/** Release notes that contain this are rejected by the sandbox's review (to test rejections). */
export const REJECT_MARKER = '[sandbox:reject]';
const TEXT_LIMITS: Record<string, number> = { appTitle: 100, longDescription: 4000, newFeature: 4000 };

export class PublishingState {
  readonly #apps = new Map<string, SandboxApp>();
  readonly #reviewMs: number;
  readonly #now: () => number;
  #nextSeq = 1000;
  /** State changes accepted since start (for "a dry run changed nothing"). */
  changes = 0;

  constructor(apps: SandboxApp[], reviewMs: number, now: () => number = Date.now) {
    for (const a of apps) this.#apps.set(a.contentId, a);
    this.#reviewMs = reviewMs;
    this.#now = now;
  }

  list(): SandboxApp[] {
    return [...this.#apps.values()].map((a) => this.#advance(a));
  }

  find(contentId: string): SandboxApp | undefined {
    const a = this.#apps.get(contentId);
    return a && this.#advance(a);
  }

  byPackage(packageName: string): SandboxApp | undefined {
    return [...this.#apps.values()].find((a) => a.packageName === packageName);
  }

  /** contentUpdate: opens a draft from `FOR_SALE`, or updates an open draft. */
  update(contentId: string, fields: Record<string, unknown>): SandboxApp {
    const app = this.#get(contentId);
    if ('binaryList' in fields) throw new SellerRefusal('8014', 'binaryList is no longer supported in contentUpdate; use the binary API');
    for (const key of Object.keys(fields)) {
      if (!WRITABLE_CONTENT_FIELDS.includes(key)) throw new SellerRefusal('8011', `${key.slice(0, 40)} is read-only or unknown and cannot be changed`);
    }
    for (const [key, limit] of Object.entries(TEXT_LIMITS)) {
      const v = fields[key];
      if (v !== undefined && (typeof v !== 'string' || Buffer.byteLength(v) > limit)) throw new SellerRefusal('8015', `${key} must be text of at most ${limit} bytes`);
    }
    if (!app.draft) {
      if (app.live?.contentStatus !== 'FOR_SALE') throw new SellerRefusal('3201', 'An update can only be opened while the app is FOR_SALE');
      app.draft = { contentStatus: 'UPDATING', fields: { ...app.live.fields, newFeature: undefined }, binaries: app.live.binaries.map((b) => ({ ...b })) };
    } else if (!DRAFT_STATUSES.includes(app.draft.contentStatus)) {
      throw new SellerRefusal('3201', `The app is ${app.draft.contentStatus}: no update can be opened now`);
    }
    Object.assign(app.draft.fields, fields);
    this.#changed(app);
    return app;
  }

  /** v2 binary add: only on a draft (4104), a fileKey used once (5021). */
  addBinary(contentId: string, file: UploadedFile, gms: 'Y' | 'N', seqForDevice: string | undefined): SandboxBinary {
    const app = this.#get(contentId);
    const draft = this.#openDraft(app, '4104', 'No content');
    if (file.binarySeq !== undefined) throw new SellerRefusal('5021', 'This binary is already in use.', 200);
    if (seqForDevice !== undefined && ![...draft.binaries, ...(app.live?.binaries ?? [])].some((b) => b.binarySeq === seqForDevice)) {
      throw new SellerRefusal('4106', 'binarySeqForDeviceInfo names no binary of this app');
    }
    const newest = Math.max(0, ...[...draft.binaries, ...(app.live?.binaries ?? [])].map((b) => Number(b.versionCode)));
    const seq = String(this.#nextSeq++);
    const b: SandboxBinary = {
      binarySeq: seq,
      fileName: file.fileName,
      fileSize: String(file.fileSize),
      versionCode: String(newest + 1),
      versionName: `1.${newest + 1}.0`,
      packageName: app.packageName,
      gms,
      apiminSdkVersion: '26',
      ...(seqForDevice !== undefined ? { binarySeqForDeviceInfo: seqForDevice } : {}),
    };
    file.binarySeq = seq;
    draft.binaries.push(b);
    this.#changed(app);
    return b;
  }

  setGms(contentId: string, binarySeq: string, gms: 'Y' | 'N'): void {
    const app = this.#get(contentId);
    this.#binaryOf(this.#openDraft(app, '4104', 'No content'), binarySeq).gms = gms;
    this.#changed(app);
  }

  deleteBinary(contentId: string, binarySeq: string): void {
    const app = this.#get(contentId);
    const draft = this.#openDraft(app, '4104', 'No content');
    this.#binaryOf(draft, binarySeq);
    draft.binaries = draft.binaries.filter((b) => b.binarySeq !== binarySeq);
    this.#changed(app);
  }

  /** contentSubmit: only a draft (3201) that has a binary (4105). */
  submit(contentId: string): void {
    const app = this.#get(contentId);
    const draft = this.#openDraft(app, '3201', 'The content is not in REGISTERING or UPDATING status');
    if (draft.binaries.length === 0) throw new SellerRefusal('4105', 'The content is not ready to submit: no binary');
    if (!draft.fields.appTitle) throw new SellerRefusal('4129', 'The content is not ready to submit: appTitle is missing');
    draft.contentStatus = 'UNDER_REVIEW';
    draft.submittedAt = this.#now();
    this.#changed(app);
  }

  /** contentStatusUpdate: FOR_SALE after review (or from SUSPENDED), SUSPENDED, TERMINATED. */
  changeStatus(contentId: string, status: string): void {
    const app = this.#get(contentId);
    const phase = contentPhase(app.draft?.contentStatus);
    if (status === 'FOR_SALE' && phase === 'approved') this.#goLive(app);
    else if (status === 'FOR_SALE' && app.live?.contentStatus === 'SUSPENDED') app.live.contentStatus = 'FOR_SALE';
    else if (status === 'SUSPENDED' && app.live?.contentStatus === 'FOR_SALE') app.live.contentStatus = 'SUSPENDED';
    else if (status === 'TERMINATED' && app.live) app.live.contentStatus = 'TERMINATED';
    else throw new SellerRefusal('3202', `The app cannot change to ${status} from its current status`);
    this.#changed(app);
  }

  #get(contentId: string): SandboxApp {
    const app = this.find(contentId);
    if (!app) throw new SellerRefusal('4104', 'No content');
    return app;
  }

  #openDraft(app: SandboxApp, code: string, message: string): SandboxRecord {
    if (!app.draft || !DRAFT_STATUSES.includes(app.draft.contentStatus)) throw new SellerRefusal(code, message);
    return app.draft;
  }

  #binaryOf(record: SandboxRecord, binarySeq: string): SandboxBinary {
    const b = record.binaries.find((x) => x.binarySeq === binarySeq);
    if (!b) throw new SellerRefusal('4107', 'No such binary in the draft');
    return b;
  }

  #changed(app: SandboxApp): void {
    this.changes += 1;
    app.modifyDate = new Date(this.#now()).toISOString().slice(0, 19).replace('T', ' ');
  }

  #goLive(app: SandboxApp): void {
    const draft = app.draft!;
    app.live = { contentStatus: 'FOR_SALE', fields: { ...draft.fields }, binaries: draft.binaries };
    app.draft = undefined;
  }

  /** Review moves on after `reviewMs`: rejected, live (publicationType 01), or approved. */
  #advance(app: SandboxApp): SandboxApp {
    const d = app.draft;
    if (!d || d.contentStatus !== 'UNDER_REVIEW' || d.submittedAt === undefined || this.#now() - d.submittedAt < this.#reviewMs) return app;
    if (String(d.fields.newFeature ?? '').includes(REJECT_MARKER)) d.contentStatus = app.live ? 'UPDATE_REJECTED' : 'REGISTRATION_REJECTED';
    else if (d.fields.publicationType === '01') this.#goLive(app);
    else d.contentStatus = app.live ? 'READY_FOR_CHANGE' : 'READY_FOR_SALE';
    return app;
  }
}
