/**
 * A streaming multipart/form-data reader for the sandbox's upload host: text fields are kept
 * (small), file parts are only counted, so a 256 MiB upload costs the sandbox no memory.
 */

export interface MultipartResult {
  fields: Record<string, string>;
  files: { field: string; filename: string; size: number }[];
}

/** A part's headers: its name and, for files, its filename. */
function parseDisposition(headers: string): { name?: string; filename?: string } {
  const line = headers.split('\r\n').find((l) => /^content-disposition:/i.test(l)) ?? '';
  const name = /\bname="([^"]*)"/i.exec(line)?.[1];
  const filename = /\bfilename="([^"]*)"/i.exec(line)?.[1];
  return { ...(name !== undefined ? { name } : {}), ...(filename !== undefined ? { filename } : {}) };
}

const MAX_HEADERS = 8 * 1024;
const MAX_FIELD = 64 * 1024;

/**
 * Reads `body` (the request) split by `boundary`. Throws on malformed input; `onField` sees
 * each text field as soon as it is complete (so a session can be spent even if the upload fails).
 */
export async function readMultipart(
  body: AsyncIterable<Buffer>,
  boundary: string,
  options: { onField?: (name: string, value: string) => void; pauseMs?: number } = {},
): Promise<MultipartResult> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const result: MultipartResult = { fields: {}, files: [] };
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'after' | 'headers' | 'body' | 'done' = 'preamble';
  let part: { name?: string; filename?: string; size: number; text: Buffer[] } | undefined;

  const endPart = () => {
    if (!part?.name) return;
    if (part.filename !== undefined) result.files.push({ field: part.name, filename: part.filename, size: part.size });
    else {
      const value = Buffer.concat(part.text).toString('utf8');
      result.fields[part.name] = value;
      options.onField?.(part.name, value);
    }
  };
  const take = (bytes: Buffer) => {
    if (!part) return;
    part.size += bytes.length;
    if (part.filename === undefined) {
      if (part.size > MAX_FIELD) throw new Error('a field is too large');
      part.text.push(Buffer.from(bytes));
    }
  };

  for await (const chunk of body) {
    if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    for (let progressed = true; progressed && state !== 'done'; ) {
      progressed = false;
      if (state === 'preamble' || state === 'body') {
        const at = buf.indexOf(delimiter);
        if (at === -1) {
          const keep = Math.min(buf.length, delimiter.length - 1);
          if (state === 'body') take(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
          continue;
        }
        if (state === 'body') {
          take(buf.subarray(0, at));
          endPart();
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'after';
        progressed = true;
      } else if (state === 'after') {
        if (buf.length < 2) continue;
        const mark = buf.subarray(0, 2).toString('latin1');
        if (mark === '--') state = 'done';
        else if (mark === '\r\n') state = 'headers';
        else throw new Error('malformed boundary');
        buf = buf.subarray(2);
        progressed = true;
      } else if (state === 'headers') {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buf.length > MAX_HEADERS) throw new Error('part headers too large');
          continue;
        }
        part = { ...parseDisposition(buf.subarray(0, end).toString('utf8')), size: 0, text: [] };
        buf = buf.subarray(end + 4);
        state = 'body';
        progressed = true;
      }
    }
  }
  if (state !== 'done') throw new Error('the body ended before the closing boundary');
  return result;
}
