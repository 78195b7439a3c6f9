/**
 * Receives a binary from the browser (multipart/form-data) as a stream, for the portal to relay
 * to Samsung's upload host without holding it in memory or on disk: a streaming parser
 * (busboy), one file part, capped at GALAXY_MAX_UPLOAD_MB, small text fields only. A form's
 * `_csrf` field must come before the file (a page form puts it first); an API client sends the
 * `x-csrf-token` header. When the browser goes away, or the cap is passed, the relay is aborted,
 * so Samsung stores nothing.
 */
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { SamsungAuthError } from '../errors.js';
import { verifyCsrf } from './csrf.js';

export interface ReceivedUpload {
  fileName: string;
  /** The file's bytes as they arrive (cut, with the signal aborted, when none come for `idleMs`). */
  stream: AsyncIterable<Buffer>;
  /** Aborted when the browser goes away or the file passes the cap. */
  signal: AbortSignal;
  /** Why the signal was aborted, once it was. */
  abortReason(): SamsungAuthError | undefined;
  /** Stops reading: the rest of the body is dropped (call when the relay ends early). */
  discard(): void;
}

const FIELD_LIMIT = 4096;
/** A browser that sends nothing for this long is taken to have gone away. */
export const UPLOAD_IDLE_MS = 60_000;

function invalid(message: string, status = 400): SamsungAuthError {
  return new SamsungAuthError(status === 413 ? 'UPLOAD_TOO_LARGE' : 'UPLOAD_INVALID', message, {
    status,
    hint: status === 413 ? 'Upload a smaller file, or raise GALAXY_MAX_UPLOAD_MB.' : 'Send multipart/form-data with one part named "file" (an .apk or .aab).',
  });
}

/**
 * Resolves once the file part begins (CSRF checked by then); rejects on a malformed request.
 * `maxBytes` caps the file; the request's own content-length is checked first.
 */
export function receiveUpload(
  req: Request,
  res: Response,
  options: { maxBytes: number; csrfToken: string | undefined; appOrigin: string; idleMs?: number; onStart?: () => void },
): Promise<ReceivedUpload> {
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > options.maxBytes + 64 * 1024) {
    return Promise.reject(invalid(`The file is larger than the ${Math.round(options.maxBytes / 1048576)} MiB this portal accepts.`, 413));
  }
  let parser: busboy.Busboy;
  try {
    // busboy signals 'limit' once a file reaches fileSize: one byte over the cap, so a file of exactly the cap passes.
    parser = busboy({ headers: req.headers, limits: { files: 1, fields: 8, fieldSize: FIELD_LIMIT, parts: 10, fileSize: options.maxBytes + 1 } });
  } catch {
    return Promise.reject(invalid('The upload must be multipart/form-data.'));
  }
  const controller = new AbortController();
  let reason: SamsungAuthError | undefined;
  const abort = (why: SamsungAuthError) => {
    if (controller.signal.aborted) return;
    reason = why;
    controller.abort(why);
  };
  // The browser went away before the answer: cut the relay.
  res.on('close', () => {
    if (!res.writableFinished) abort(new SamsungAuthError('UPLOAD_ABORTED', 'The browser went away during the upload.', { status: 499 }));
  });
  const fields: Record<string, string> = {};
  const discard = () => {
    req.unpipe(parser);
    req.resume();
  };
  return new Promise<ReceivedUpload>((resolve, reject) => {
    let started = false;
    const fail = (err: SamsungAuthError) => {
      abort(err);
      if (!started) reject(err);
      discard();
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, file, info) => {
      if (name !== 'file' || started) {
        file.resume();
        return fail(invalid('Send exactly one file part, named "file".'));
      }
      try {
        if (req.get('x-csrf-token') === undefined) req.body = { _csrf: fields._csrf };
        verifyCsrf(req, options.csrfToken, options.appOrigin);
      } catch (err) {
        file.resume();
        return fail(err as SamsungAuthError);
      }
      started = true;
      options.onStart?.();
      // Never unhandled: a body cut short errors the file stream, which must not crash the process.
      file.on('error', () => abort(invalid('The upload was malformed or cut short.')));
      file.on('limit', () => abort(invalid(`The file is larger than the ${Math.round(options.maxBytes / 1048576)} MiB this portal accepts.`, 413)));
      controller.signal.addEventListener('abort', () => file.destroy(), { once: true });
      const stream = idleLimited(file, options.idleMs ?? UPLOAD_IDLE_MS, () => abort(new SamsungAuthError('UPLOAD_ABORTED', 'The browser sent nothing for a minute during the upload.', { status: 499 })));
      resolve({ fileName: info.filename ?? '', stream, signal: controller.signal, abortReason: () => reason, discard });
    });
    parser.on('error', () => fail(invalid('The upload was malformed or cut short.')));
    parser.on('close', () => {
      if (!started) fail(invalid('The upload has no part named "file".'));
    });
    req.pipe(parser);
  });
}

/** The stream's chunks, but a wait of more than `idleMs` for the next one calls `onIdle` and ends it. */
async function* idleLimited(stream: AsyncIterable<Buffer>, idleMs: number, onIdle: () => void): AsyncGenerator<Buffer> {
  const it = stream[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<'idle'>((resolve) => {
      timer = setTimeout(() => resolve('idle'), idleMs);
    });
    const next = await Promise.race([it.next(), idle]).finally(() => clearTimeout(timer));
    if (next === 'idle') {
      onIdle();
      await it.return?.();
      return;
    }
    if (next.done) return;
    yield next.value;
  }
}
