/**
 * The one decoder of Samsung's error envelopes (PROTOCOL §2.5). Galaxy Store answers errors in
 * many shapes, sometimes with HTTP 200:
 * - `{code, message, from}` (the gateway, auth errors);
 * - flat `{errorCode, errorMsg}` (v1 seller APIs, uploads; `message` instead of `errorMsg` on 500);
 * - wrapped `{"from":"seller","body":{errorCode, errorMsg, httpStatus}}`;
 * - `{"body":{"resultCode","resultMessage"},"from":"seller"}`;
 * - `{resultCode, resultMessage, data}` (v2 APIs: `"0000"` is success).
 * A body whose code says failure is a failure, whatever the HTTP status.
 */

/** Samsung's code and message, as read out of any envelope. */
export interface EnvelopeError {
  /** Samsung's code as a string (`"8014"`, `"AUTH_REQUIRE"`), or `UNKNOWN`. */
  code: string;
  message?: string;
  from?: string;
}

/** Codes that mean "no error" where a success carries a code field at all. */
const SUCCESS_CODES = new Set(['', '0', '00', '000', '0000']);

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

function codeText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' ? v.trim() : undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

/** The code an object level carries, if it says failure. */
function failureCode(level: Obj, top: Obj): string | undefined {
  const errorCode = codeText(level.errorCode);
  if (errorCode !== undefined && !SUCCESS_CODES.has(errorCode)) return errorCode;
  const resultCode = codeText(level.resultCode);
  if (resultCode !== undefined && resultCode !== '0000') return resultCode === '' ? 'UNKNOWN' : resultCode;
  const code = codeText(level.code);
  // `{code, message, from}`: a code with a message or an origin, never next to `ok: true`.
  if (code && top.ok !== true && (typeof level.message === 'string' || typeof level.from === 'string')) return code;
  return undefined;
}

/**
 * Reads a failure out of a parsed body: `undefined` when the body says nothing went wrong (an
 * array, `{ok:true}`, `resultCode:"0000"`, an `errorCode` of null or `"0000"`...).
 *
 * @example
 * ```ts
 * readErrorEnvelope({ from: 'seller', body: { errorCode: '4104', errorMsg: 'No content' } }); // { code: '4104', message: 'No content', from: 'seller' }
 * readErrorEnvelope({ resultCode: '0000', data: {} }); // undefined
 * ```
 */
export function readErrorEnvelope(body: unknown): EnvelopeError | undefined {
  const top = asObject(body);
  if (!top) return undefined;
  const levels = [top, asObject(top.body), asObject(top.error)].filter((l): l is Obj => l !== undefined);
  for (const level of levels) {
    const code = failureCode(level, top);
    if (code === undefined) continue;
    const message = firstString(level.errorMsg, level.resultMessage, level.message, level.errorMessage, top.message);
    return { code, ...(message ? { message } : {}), ...(firstString(top.from, level.from) ? { from: firstString(top.from, level.from) } : {}) };
  }
  return undefined;
}

/** For an error status whose body has no code: whatever message it carries. */
export function readAnyMessage(body: unknown): { message?: string; from?: string } {
  const top = asObject(body) ?? {};
  const inner = asObject(top.body) ?? asObject(top.error) ?? {};
  const message = firstString(top.message, top.errorMsg, top.resultMessage, inner.message, inner.errorMsg, inner.resultMessage);
  const from = firstString(top.from);
  return { ...(message ? { message } : {}), ...(from ? { from } : {}) };
}
