/**
 * The v2 binary calls (PROTOCOL §2.5): add (not idempotent: never repeated blindly), change the
 * gms flag, delete. Only while the app has a draft (else 4104 "No content").
 */
import type { OperationRunner } from '../lib/run-operation.js';
import { asText, checkContentId, invalidInput, v2Data } from './input-checks.js';

/** What to add: an uploaded file's key and the device setup. */
export interface AddBinaryInput {
  contentId: string;
  /** The `fileKey` fileUpload answered (sent as lower-case `filekey`). */
  fileKey: string;
  /** `"Y"` or `"N"` (sent as `gms`, not `gmsYn`). */
  gms: 'Y' | 'N';
  /** The binary whose device settings to copy. */
  binarySeqForDeviceInfo?: string;
}

function checkYn(value: unknown): 'Y' | 'N' {
  if (value !== 'Y' && value !== 'N') throw invalidInput('gms is "Y" or "N".');
  return value;
}

function checkSeq(value: unknown, what = 'binarySeq'): string {
  const text = asText(value);
  if (text === undefined || !/^\d{1,20}$/.test(text)) throw invalidInput(`${what} is a string of digits.`);
  return text;
}

/** Binary calls, bound to one client. */
export class BinariesApi {
  readonly #ops: OperationRunner;

  constructor(ops: OperationRunner) {
    this.#ops = ops;
  }

  /** `POST /seller/v2/content/binary`; resolves to the new `binarySeq`. */
  async add(input: AddBinaryInput): Promise<{ binarySeq: string }> {
    if (typeof input.fileKey !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(input.fileKey)) throw invalidInput('fileKey is the key fileUpload answered.');
    const body = {
      contentId: checkContentId(input.contentId),
      filekey: input.fileKey,
      gms: checkYn(input.gms),
      ...(input.binarySeqForDeviceInfo !== undefined ? { binarySeqForDeviceInfo: checkSeq(input.binarySeqForDeviceInfo, 'binarySeqForDeviceInfo') } : {}),
    };
    const res = await this.#ops.run('addBinary', { body });
    return { binarySeq: asText(v2Data(res, '/seller/v2/content/binary').binarySeq) ?? '' };
  }

  /** `PUT /seller/v2/content/binary`: changes the gms flag only. */
  async setGms(contentId: string, binarySeq: string, gms: 'Y' | 'N'): Promise<void> {
    await this.#ops.run('updateBinary', { body: { contentId: checkContentId(contentId), binarySeq: checkSeq(binarySeq), gms: checkYn(gms) } });
  }

  /** `DELETE /seller/v2/content/binary?contentId=&binarySeq=`: removes a binary of the draft. */
  async remove(contentId: string, binarySeq: string): Promise<void> {
    await this.#ops.run('deleteBinary', { query: { contentId: checkContentId(contentId), binarySeq: checkSeq(binarySeq) } });
  }
}
