/**
 * Uploads (PROTOCOL §2.5): a new upload session per attempt (`createUploadSessionId`, valid 24 h,
 * spent by a failed upload), then `fileUpload` on the upload host only, streamed from disk with
 * its own time budget, a file name unique across uploads, and the answered `fileSize` compared
 * with the local size (there is no checksum).
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { SamsungAuthError } from '../../errors.js';
import { httpUpload, type UploadPart } from '../../http/upload-request.js';
import type { AccessTokenSource } from '../api-client.js';
import { checkHeaderValue, decodeGalaxyResponse, resolveGalaxyApiUrl } from '../lib/send-galaxy-request.js';
import { multipartFileBody } from '../lib/multipart-stream.js';
import type { OperationRunner } from '../lib/run-operation.js';
import { asText, invalidInput, objectBody } from './input-checks.js';

/** Samsung's upload URL: the one URL an upload session's `url` may name by default. */
export const DEFAULT_GALAXY_UPLOAD_URL = 'https://seller.samsungapps.com/galaxyapi/fileUpload';
/** Default time budget of one upload: 30 minutes (`uploadTimeoutMs`, `--upload-timeout`). */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 30 * 60 * 1000;

/** An upload session (`sessionId` is a secret of sorts: never printed). */
export interface UploadSession {
  url: string;
  sessionId: string;
}

/** What fileUpload answered. */
export interface UploadedFile {
  fileKey: string;
  fileName: string;
  /** As Samsung sent it: a string. */
  fileSize: string;
}

/** Progress of one upload. */
export interface UploadProgress {
  fileName: string;
  sentBytes: number;
  totalBytes: number;
}

/** Options of {@link UploadApi.uploadFile}. */
export interface UploadFileOptions {
  /** The multipart file name; default {@link uniqueUploadName} of the path. */
  fileName?: string;
  onProgress?: (progress: UploadProgress) => void;
}

/**
 * `<name>-<UTC timestamp>.<ext>` with no other dot: unique across uploads (Seller Portal shows it).
 *
 * @example
 * ```ts
 * uniqueUploadName('build/app.release.apk', new Date('2026-12-02T09:30:00.123Z')); // 'app-release-20261202T093000123Z.apk'
 * ```
 */
export function uniqueUploadName(filePath: string, now: Date = new Date()): string {
  const ext = extname(filePath).replace(/^\./, '').replace(/[^A-Za-z0-9]/g, '');
  const name = (basename(filePath, extname(filePath)).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'file').slice(0, 80);
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return ext ? `${name}-${stamp}.${ext}` : `${name}-${stamp}`;
}

/** The stem and extension a {@link uniqueUploadName} keeps, to recognise an earlier upload of the same file. */
export function uploadNamePattern(filePath: string): RegExp {
  const sample = uniqueUploadName(filePath, new Date(0));
  const [stem, ext] = sample.split('-19700101T000000000Z');
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc(stem ?? '')}-\\d{8}T\\d{9}Z${esc(ext ?? '')}$`);
}

/** Checks an upload URL like an API URL (https, or loopback http), keeping its path. */
export function resolveUploadUrl(uploadUrl: string | undefined, allowInsecureHttp = false): string {
  try {
    return resolveGalaxyApiUrl(uploadUrl ?? DEFAULT_GALAXY_UPLOAD_URL, allowInsecureHttp);
  } catch (err) {
    if (!(err instanceof SamsungAuthError)) throw err;
    throw invalidInput(err.message.replace('Galaxy API URL', 'upload URL'), 'Set GALAXY_UPLOAD_URL (or --upload-url) to https://seller.samsungapps.com/galaxyapi/fileUpload, or to the sandbox upload URL.');
  }
}

/** Upload calls, bound to one client. */
export class UploadApi {
  readonly #ops: OperationRunner;
  readonly #tokens: AccessTokenSource;
  readonly #settings: { serviceAccountId: string; uploadUrl: string; timeoutMs: number };

  constructor(ops: OperationRunner, tokens: AccessTokenSource, settings: { serviceAccountId: string; uploadUrl: string; timeoutMs: number }) {
    this.#ops = ops;
    this.#tokens = tokens;
    this.#settings = settings;
  }

  /** `POST /seller/createUploadSessionId`; refuses a `url` other than the configured upload URL. */
  async createSession(): Promise<UploadSession> {
    const res = await this.#ops.run('createUploadSession');
    const body = objectBody(res, '/seller/createUploadSessionId', '{url, sessionId}');
    const url = asText(body.url);
    const sessionId = asText(body.sessionId);
    if (!url || !sessionId || !/^[\x21-\x7e]{1,1024}$/.test(sessionId)) {
      throw new SamsungAuthError('UPSTREAM_INVALID_RESPONSE', 'createUploadSessionId answered without a url and a sessionId.', { status: 502 });
    }
    if (!sameUrl(url, this.#settings.uploadUrl)) {
      throw new SamsungAuthError('GALAXY_UPLOAD_URL_REFUSED', `The upload session names an upload URL other than ${this.#settings.uploadUrl}; nothing was sent there.`, {
        status: 502,
        hint: 'Uploads go to Samsung\'s upload host only. If this is expected (a sandbox, a new Samsung host), set GALAXY_UPLOAD_URL / --upload-url to it.',
      });
    }
    return { url: this.#settings.uploadUrl, sessionId };
  }

  /** One upload attempt: a new session, then the file streamed; the answered size checked. */
  async uploadFile(filePath: string, options: UploadFileOptions = {}): Promise<UploadedFile> {
    const size = await fileSize(filePath);
    const fileName = options.fileName ?? uniqueUploadName(filePath);
    const session = await this.createSession();
    const form = multipartFileBody({ fields: { sessionId: session.sessionId }, fileField: 'file', fileName, file: { path: filePath, size } });
    return this.#send(session, form, fileName, () => size, options);
  }

  /**
   * One upload from a stream of unknown length (the portal relays a browser's upload this way:
   * sent chunked, never held whole); the answered size is compared with the bytes that went out.
   * Aborting `signal` cuts the request, so Samsung stores nothing (the session is then spent).
   */
  async uploadStream(source: AsyncIterable<Buffer>, fileName: string, options: Omit<UploadFileOptions, 'fileName'> & { signal?: AbortSignal } = {}): Promise<UploadedFile> {
    let sent = 0;
    const counted = (async function* () {
      for await (const chunk of source) {
        sent += chunk.length;
        yield chunk;
      }
    })();
    const session = await this.createSession();
    const form = multipartFileBody({ fields: { sessionId: session.sessionId }, fileField: 'file', fileName, file: { stream: counted } });
    return this.#send(session, form, fileName, () => sent, options);
  }

  async #send(
    session: UploadSession,
    form: { contentType: string; parts: UploadPart[] },
    fileName: string,
    sizeSent: () => number,
    options: Omit<UploadFileOptions, 'fileName'> & { signal?: AbortSignal },
  ): Promise<UploadedFile> {
    const url = new URL(session.url);
    const answer = await this.#tokens.withAccessToken(async (token) => {
      const headers = {
        authorization: `Bearer ${checkHeaderValue(token, 'access token')}`,
        'service-account-id': checkHeaderValue(this.#settings.serviceAccountId, 'service account id'),
        'content-type': form.contentType,
      };
      const res = await httpUpload({
        url,
        headers,
        parts: form.parts,
        timeoutMs: this.#settings.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (sentBytes) => options.onProgress?.({ fileName, sentBytes, totalBytes: sizeSent() }),
      });
      return decodeGalaxyResponse('POST', url, res, headers);
    });
    const body = (answer.json ?? {}) as Record<string, unknown>;
    const fileKey = asText(body.fileKey);
    const answeredSize = asText(body.fileSize);
    if (!fileKey) throw new SamsungAuthError('UPSTREAM_INVALID_RESPONSE', 'fileUpload answered without a fileKey.', { status: 502 });
    const size = sizeSent();
    if (answeredSize !== String(size)) {
      throw new SamsungAuthError('GALAXY_UPLOAD_SIZE_MISMATCH', `Galaxy Store received ${answeredSize ?? 'an unknown number of'} bytes of ${fileName}; the file has ${size}.`, {
        status: 502,
        hint: 'The upload was damaged on the way; upload it again (a new session is made per attempt).',
      });
    }
    return { fileKey, fileName: asText(body.fileName) ?? fileName, fileSize: answeredSize };
  }
}

function sameUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '') && x.search === '';
  } catch {
    return false;
  }
}

/** The size of a regular file, or a clear error. */
export async function fileSize(filePath: string): Promise<number> {
  try {
    const s = await stat(filePath);
    if (!s.isFile()) throw new Error('not a file');
    return s.size;
  } catch {
    throw new SamsungAuthError('GALAXY_FILE_UNREADABLE', `The file to upload (${basename(String(filePath)).slice(0, 80)}) does not exist or is not a regular file.`, {
      status: 400,
      hint: 'Check the --file path (relative to the current directory).',
    });
  }
}
