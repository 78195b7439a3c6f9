/**
 * A multipart/form-data body for one file upload, as parts for {@link httpUpload}: the fields
 * first, then the file streamed from disk. Its length is known before sending (content-length).
 */
import { randomBytes } from 'node:crypto';
import type { UploadPart } from '../../http/upload-request.js';

export interface MultipartFileBody {
  /** The `content-type` header, with the boundary. */
  contentType: string;
  parts: UploadPart[];
}

/** Quotes a header parameter value: no quote, backslash or line break can end it early. */
function quoted(value: string): string {
  return `"${value.replace(/[\r\n"\\]/g, '_')}"`;
}

/** Builds the body: `fields` as text parts, then the file (from disk, or a stream) under `fileField` with `fileName`. */
export function multipartFileBody(options: {
  fields: Record<string, string>;
  fileField: string;
  fileName: string;
  file: { path: string; size: number } | { stream: AsyncIterable<Buffer> };
  fileType?: string;
}): MultipartFileBody {
  const boundary = `----samsung-auth-kit-${randomBytes(12).toString('hex')}`;
  const head = Object.entries(options.fields)
    .map(([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`)
    .join('');
  const fileHead =
    `--${boundary}\r\ncontent-disposition: form-data; name=${quoted(options.fileField)}; filename=${quoted(options.fileName)}\r\n` +
    `content-type: ${options.fileType ?? 'application/octet-stream'}\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    parts: [
      Buffer.from(head + fileHead),
      'stream' in options.file ? { stream: options.file.stream } : { file: options.file.path, size: options.file.size },
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ],
  };
}
