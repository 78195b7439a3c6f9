/** Input checks shared by the API areas: every one fails with `GALAXY_INVALID_INPUT` before any call. */
import { SamsungAuthError } from '../../errors.js';
import { unexpectedShape } from '../lib/send-galaxy-request.js';
import type { GalaxyCallResult } from '../api-client.js';

export function invalidInput(message: string, hint?: string): SamsungAuthError {
  return new SamsungAuthError('GALAXY_INVALID_INPUT', message, { status: 400, ...(hint ? { hint } : {}) });
}

/** A content id is a string of digits (zero-padded, 12 in practice). */
export function checkContentId(contentId: unknown): string {
  if (typeof contentId !== 'string' || !/^\d{1,20}$/.test(contentId)) {
    throw invalidInput('A content id is a string of digits, e.g. "000007654321".');
  }
  return contentId;
}

export function checkPackageName(packageName: unknown): string {
  if (typeof packageName !== 'string' || packageName.length > 255 || !/^[A-Za-z][\w]*(\.[A-Za-z0-9_]+)*$/.test(packageName)) {
    throw invalidInput('The package name must look like com.example.app.');
  }
  return packageName;
}

/** A number Samsung sends as a string (or sometimes a number), as a string. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The UTF-8 byte length of a text, checked against a limit. */
export function checkUtf8Bytes(field: string, text: string, limit: number): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limit) {
    throw invalidInput(`${field} is ${bytes} UTF-8 bytes; Galaxy Store takes at most ${limit}.`, 'Shorten it (limits count bytes, not characters).');
  }
}

/** The answer's object body, or an `UPSTREAM_INVALID_RESPONSE` naming what was expected. */
export function objectBody(res: GalaxyCallResult, path: string, expected: string): Record<string, unknown> {
  const data = res.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw unexpectedShape({ status: res.status, target: path, headers: new Headers(), text: '' }, expected);
  }
  return data as Record<string, unknown>;
}

/** The answer's array body (of objects), or an `UPSTREAM_INVALID_RESPONSE`. */
export function arrayBody(res: GalaxyCallResult, path: string): Record<string, unknown>[] {
  const data = res.data;
  if (!Array.isArray(data) || !data.every((e) => typeof e === 'object' && e !== null)) {
    throw unexpectedShape({ status: res.status, target: path, headers: new Headers(), text: '' }, 'a JSON array of objects');
  }
  return data as Record<string, unknown>[];
}

/** The `data` object of a v2 answer (`{resultCode:"0000", resultMessage, data}`). */
export function v2Data(res: GalaxyCallResult, path: string): Record<string, unknown> {
  const body = objectBody(res, path, 'a v2 answer {resultCode, data}');
  const data = body.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}
