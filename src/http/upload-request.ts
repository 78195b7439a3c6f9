/**
 * Streaming uploads: the one place a request body is sent from disk. The body is a list of parts
 * (bytes in memory, or a file read in 256 KiB chunks), so memory stays flat whatever the file
 * size. Like {@link httpRequest}: one time budget for the whole call, redirects never followed,
 * the answer's size capped, failures typed; plus progress (bytes of files sent so far).
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SamsungAuthError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES, describeTarget, tooLarge, translate, type HttpResponse } from './request.js';

/** A part of an upload body: bytes, or a whole file of a known size. */
export type UploadPart = Buffer | { file: string; size: number };

export interface UploadHttpRequest {
  url: URL;
  headers: Record<string, string>;
  parts: readonly UploadPart[];
  /** Time budget of the whole upload, answer included, in milliseconds. */
  timeoutMs: number;
  maxBodyBytes?: number;
  /** Called as file bytes go out, with the count sent so far. */
  onProgress?: (sentFileBytes: number) => void;
}

const CHUNK = 256 * 1024;

function partsLength(parts: readonly UploadPart[]): number {
  return parts.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.size), 0);
}

async function* body(parts: readonly UploadPart[], onFileBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      yield part;
      continue;
    }
    let read = 0;
    for await (const chunk of createReadStream(part.file, { highWaterMark: CHUNK })) {
      read += (chunk as Buffer).length;
      if (read > part.size) throw new Error('the file grew while it was being sent');
      onFileBytes((chunk as Buffer).length);
      yield chunk as Buffer;
    }
    if (read !== part.size) throw new Error('the file shrank while it was being sent');
  }
}

/** POSTs the parts as one body with a `content-length`; resolves to the answer. */
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
    const request = transport.request(req.url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': String(partsLength(req.parts)) },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error('upload time budget exceeded'));
    }, req.timeoutMs);
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
    const source = Readable.from(body(req.parts, (n) => {
      sent += n;
      req.onProgress?.(sent);
    }));
    // A server may answer (an error) before reading the whole body: the answer wins.
    pipeline(source, request).catch((err: unknown) => {
      setTimeout(() => fail(err), 50);
    });
  });
}
