/** Calls to the release console's JSON API as a signed-in browser makes them (cookie, CSRF header, Origin). */
import type { TestBrowser } from './browser.js';
import type { ApiAnswer } from './portal-client.js';

export function releaseApi(browser: TestBrowser, portalUrl: string, csrf: string, origin = portalUrl) {
  const send = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { accept: 'application/json', origin, 'x-csrf-token': csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const hop = await browser.request(`${portalUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    let parsed: unknown;
    try {
      parsed = JSON.parse(hop.body);
    } catch {
      parsed = undefined;
    }
    return { status: hop.status, headers: hop.headers, body: parsed, text: hop.body };
  };
  /** A multipart upload of `bytes` named `fileName` (fetch's FormData). */
  const upload = async (path: string, fileName: string, bytes: Uint8Array<ArrayBuffer>): Promise<ApiAnswer> => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), fileName);
    const res = await fetch(`${portalUrl}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', origin, 'x-csrf-token': csrf, cookie: browser.cookieHeader(portalUrl) },
      body: form,
    });
    return answerOf(res);
  };
  /** The same without a content-length: the body streams chunked, `bytes` long. */
  const uploadChunked = async (path: string, fileName: string, bytes: number): Promise<ApiAnswer> => {
    const boundary = 'chunked-upload-boundary';
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`));
      },
      pull(controller) {
        if (bytes <= 0) {
          controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        const n = Math.min(bytes, chunk.length);
        controller.enqueue(chunk.subarray(0, n));
        bytes -= n;
      },
    });
    const res = await fetch(`${portalUrl}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', origin, 'x-csrf-token': csrf, cookie: browser.cookieHeader(portalUrl), 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    return answerOf(res);
  };
  return { send, upload, uploadChunked };
}

async function answerOf(res: Response): Promise<ApiAnswer> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
