/**
 * Streaming uploads: the one place a request body is sent from disk. The body is a list of parts
 * (bytes in memory, or a file read in 256 KiB chunks through one reused buffer), so memory stays flat whatever the file
 * size. Like {@link httpRequest}: one time budget for the whole call, redirects never followed,
 * the answer's size capped, failures typed; plus progress (bytes of files sent so far).
 */
import { open } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { SamsungAuthError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES, describeTarget, tooLarge, translate, type HttpResponse } from './request.js';

/**
 * A part of an upload body: bytes, a whole file of a known size, or a stream of unknown length
 * (the body is then sent chunked, without a `content-length`).
 */
export type UploadPart = Buffer | { file: string; size: number } | { stream: AsyncIterable<Buffer> };

export interface UploadHttpRequest {
  url: URL;
  headers: Record<string, string>;
  parts: readonly UploadPart[];
  /** Time budget of the whole upload, answer included, in milliseconds. */
  timeoutMs: number;
  maxBodyBytes?: number;
  /** Called as file bytes go out, with the count sent so far. */
  onProgress?: (sentFileBytes: number) => void;
  /** Aborts the upload (the request is cut: the server gets no complete body). */
  signal?: AbortSignal;
}

const CHUNK = 256 * 1024;

/** Told of every chunk of file bytes sent by any upload (metrics count them). */
export const uploadObservers = new Set<(bytes: number) => void>();

/** The body's length, or undefined when a part is a stream. */
function partsLength(parts: readonly UploadPart[]): number | undefined {
  let n = 0;
  for (const p of parts) {
    if (Buffer.isBuffer(p)) n += p.length;
    else if ('stream' in p) return undefined;
    else n += p.size;
  }
  return n;
}

const observe = (n: number) => {
  for (const observer of uploadObservers) observer(n);
};

/**
 * Writes the parts to the request through one reused buffer: a chunk is read from disk only
 * after the previous one was handed to the socket, so memory does not grow with the file.
 */
async function sendBody(request: http.ClientRequest, parts: readonly UploadPart[], onFileBytes: (n: number) => void): Promise<void> {
  const write = (chunk: Buffer) => new Promise<void>((resolve, reject) => request.write(chunk, (err) => (err ? reject(err) : resolve())));
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      await write(part);
      continue;
    }
    if ('stream' in part) {
      // The next chunk is taken only once the previous one is handed to the socket.
      for await (const chunk of part.stream) {
        await write(chunk);
        onFileBytes(chunk.length);
        observe(chunk.length);
      }
      continue;
    }
    const handle = await open(part.file, 'r');
    try {
      let sent = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) break;
        sent += bytesRead;
        if (sent > part.size) throw new Error('the file grew while it was being sent');
        await write(buffer.subarray(0, bytesRead));
        onFileBytes(bytesRead);
        observe(bytesRead);
      }
      if (sent !== part.size) throw new Error('the file shrank while it was being sent');
    } finally {
      await handle.close();
    }
  }
  await new Promise<void>((resolve) => request.end(resolve));
}

/** POSTs the parts as one body (with a `content-length` when every length is known); resolves to the answer. */
export function httpUpload(req: UploadHttpRequest): Promise<HttpResponse> {
  const target = describeTarget('POST', req.url);
  const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return new Promise<HttpResponse>((resolve, reject) => {
    let timedOut = false;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail = (err: unknown) => settle(() => reject(err instanceof SamsungAuthError ? err : translate(err, target, timedOut, req.timeoutMs)));
    const transport = req.url.protocol === 'https:' ? https : http;
    const length = partsLength(req.parts);
    const request = transport.request(req.url, {
      method: 'POST',
      headers: { ...req.headers, ...(length === undefined ? {} : { 'content-length': String(length) }) },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error('upload time budget exceeded'));
    }, req.timeoutMs);
    const abort = () => {
      request.destroy();
      fail(new SamsungAuthError('UPLOAD_ABORTED', 'The upload was cancelled before it was complete; nothing was stored.', { status: 499, hint: 'Upload the file again.' }));
    };
    if (req.signal?.aborted) abort();
    req.signal?.addEventListener('abort', abort, { once: true });
    request.on('close', () => req.signal?.removeEventListener('abort', abort));
    request.on('error', fail);
    request.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        return fail(tooLarge(target, maxBytes));
      }
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (c: Buffer) => {
        total += c.length;
        if (total > maxBytes) {
          res.destroy();
          fail(tooLarge(target, maxBytes));
        } else chunks.push(c);
      });
      res.on('error', fail);
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        settle(() => resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks, total).toString('utf8') }));
      });
    });
    let sent = 0;
    // A server may answer (an error) before reading the whole body: the answer wins.
    sendBody(request, req.parts, (n) => {
      sent += n;
      req.onProgress?.(sent);
    }).catch((err: unknown) => {
      request.destroy();
      setTimeout(() => fail(err), 50);
    });
  });
}
