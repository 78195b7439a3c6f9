/**
 * The whole Developer API, typed (PROTOCOL §2.5), one area per property: `content`, `binaries`,
 * `upload`, `rollout`, `iap`, `stats`. Every call goes through the operation catalog: safe calls
 * are retried with backoff and `Retry-After`, the others never blindly; a `303 See Other` is
 * polled on the API host only; a 200 whose body carries an error code is a {@link GalaxyApiError}.
 */
import { GalaxyApiClient, type GalaxyApiClientOptions } from './api-client.js';
import { BinariesApi } from './api/binaries.js';
import { ContentApi } from './api/content.js';
import { IapApi } from './api/iap.js';
import { RolloutApi } from './api/rollout.js';
import { StatsApi } from './api/stats.js';
import { DEFAULT_UPLOAD_TIMEOUT_MS, UploadApi, resolveUploadUrl } from './api/upload.js';
import { OperationRunner } from './lib/run-operation.js';
import type { SeeOtherPolicy } from './lib/see-other.js';
import { resolveGalaxyApiUrl } from './lib/send-galaxy-request.js';
import { invalidInput } from './api/input-checks.js';

/** Options of {@link GalaxyStoreClient}: those of {@link GalaxyApiClient}, plus uploads and 303 polling. */
export interface GalaxyStoreClientOptions extends GalaxyApiClientOptions {
  /** The upload URL, the only one an upload session may name; default `https://seller.samsungapps.com/galaxyapi/fileUpload`. */
  uploadUrl?: string;
  /** Time budget of one upload in milliseconds; default 1800000 (30 min). */
  uploadTimeoutMs?: number;
  /** How `303 See Other` answers are polled; default every 10 s for up to 5 min. */
  seeOther?: SeeOtherPolicy;
}

/**
 * The typed Galaxy Store Developer API client.
 *
 * @example
 * ```ts
 * const manager = new GalaxyTokenManager({ serviceAccountId, privateKey, scopes: ['publishing'] });
 * const galaxy = new GalaxyStoreClient({ serviceAccountId, accessToken: manager });
 * const info = await galaxy.content.info('000007654321');
 * console.log(info.live?.contentStatus, info.draft?.contentStatus);
 * ```
 */
export class GalaxyStoreClient {
  /** The underlying client (raw `call`). */
  readonly api: GalaxyApiClient;
  readonly content: ContentApi;
  readonly binaries: BinariesApi;
  readonly upload: UploadApi;
  readonly rollout: RolloutApi;
  readonly iap: IapApi;
  readonly stats: StatsApi;
  /** The catalogued operations, for calls the areas do not wrap. */
  readonly operations: OperationRunner;

  constructor(options: GalaxyStoreClientOptions) {
    this.api = new GalaxyApiClient(options);
    const apiUrl = resolveGalaxyApiUrl(options.apiUrl, options.allowInsecureHttp);
    const uploadUrl = resolveUploadUrl(options.uploadUrl, options.allowInsecureHttp);
    const uploadTimeoutMs = options.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS;
    if (!Number.isInteger(uploadTimeoutMs) || uploadTimeoutMs < 1000 || uploadTimeoutMs > 24 * 3600 * 1000) {
      throw invalidInput('uploadTimeoutMs is a whole number of milliseconds from 1000 to 86400000.');
    }
    this.operations = new OperationRunner({ call: (c) => this.api.call(c), apiUrl }, { retry: options.retry, seeOther: options.seeOther });
    const tokens = this.api.tokens;
    this.content = new ContentApi(this.operations);
    this.binaries = new BinariesApi(this.operations);
    this.upload = new UploadApi(this.operations, tokens, { serviceAccountId: options.serviceAccountId, uploadUrl, timeoutMs: uploadTimeoutMs });
    this.rollout = new RolloutApi(this.operations);
    this.iap = new IapApi(this.operations);
    this.stats = new StatsApi(this.operations);
  }
}
