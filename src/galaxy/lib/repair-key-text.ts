/**
 * Key text as it arrives from CI secrets, `.env` files and copy-paste is often damaged in
 * predictable ways [observed]: newlines lost (the PEM on one line, or with spaces instead), newlines
 * written as the two characters `\n`, the whole value wrapped in quotes, or the PEM base64-encoded
 * once more to survive a secret store. This file undoes those, and says what it undid, without
 * ever putting key bytes in a message.
 */
import { SamsungAuthError } from '../../errors.js';

/** The text of one key, cleaned up, with what was done to it. */
export interface RepairedKeyText {
  /** `pem` for a PEM block (rewrapped at 64 columns), `json` for a JWK candidate. */
  kind: 'pem' | 'json';
  /** The PEM block label (e.g. `RSA PRIVATE KEY`), for `kind: 'pem'`. */
  label?: string;
  /** PEM encapsulated headers such as `Proc-Type: 4,ENCRYPTED` (names and values, no key bytes). */
  pemHeaders?: Record<string, string>;
  text: string;
  /** Plain-words list of repairs made, empty when the text was already well formed. */
  repairs: string[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BEGIN_LINE = /-----BEGIN ([A-Z0-9 ]+)-----/;

/**
 * Repairs common damage and isolates the key block.
 *
 * @param text the raw text (file content, env value or string)
 * @param origin where it came from, for messages (a path or a variable name, never the value)
 * @throws {@link SamsungAuthError} `KEY_MALFORMED` when the text is not a PEM or JWK at all, or the
 *   PEM is truncated.
 */
export function repairKeyText(text: string, origin: string): RepairedKeyText {
  const repairs: string[] = [];
  let s = text.replace(/^\uFEFF/, '').trim();
  const quoted = /^(["'])([\s\S]*)\1$/.exec(s);
  if (quoted) {
    s = (quoted[2] ?? '').trim();
    repairs.push('removed surrounding quotes');
  }
  if (/\\r\\n|\\n|\\r/.test(s) && (s.includes('-----BEGIN') || !s.startsWith('{'))) {
    s = s.replace(/\\r\\n|\\n|\\r/g, '\n');
    repairs.push('turned literal "\\n" sequences into newlines');
  }
  s = s.replace(/\r\n?/g, '\n');

  if (s.startsWith('{')) return { kind: 'json', text: s, repairs };

  if (!s.includes('-----BEGIN')) {
    const decoded = decodeBase64Pem(s);
    if (decoded === undefined) throw notAKey(origin);
    s = decoded;
    repairs.push('decoded a base64-encoded PEM');
  }

  const blocks = [...s.matchAll(PEM_BLOCK)];
  const block = blocks.find((b) => (b[1] ?? '').endsWith('PRIVATE KEY')) ?? blocks[0];
  if (!block) {
    const begin = BEGIN_LINE.exec(s);
    throw new SamsungAuthError(
      'KEY_MALFORMED',
      `${origin} has a "-----BEGIN ${begin?.[1] ?? ''}-----" line but no matching END line: the key looks truncated.`,
      {
        status: 400,
        hint: 'Copy the whole key again, from the BEGIN line through the END line, as downloaded from Seller Portal.',
      },
    );
  }
  const label = block[1] ?? '';
  const { headers, body } = splitPemHeaders(block[2] ?? '');
  const compact = body.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new SamsungAuthError('KEY_MALFORMED', `${origin} holds a "${label}" block whose body is not valid base64.`, {
      status: 400,
      hint: 'The key was altered while copying (extra characters, or a cut in the middle); copy it again.',
    });
  }
  const lines = compact.match(/.{1,64}/g) ?? [];
  const headerLines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  const rebuilt = [
    `-----BEGIN ${label}-----`,
    ...headerLines,
    ...(headerLines.length > 0 ? [''] : []),
    ...lines,
    `-----END ${label}-----`,
    '',
  ].join('\n');
  if (!block[0].includes('\n') || /\n[^\n]{65,}\n/.test(block[0])) repairs.push('restored the line breaks of the PEM');
  return { kind: 'pem', label, pemHeaders: headers, text: rebuilt, repairs };
}

/** RFC 1421 encapsulated headers (`Proc-Type: 4,ENCRYPTED`) sit before a blank line. */
function splitPemHeaders(inner: string): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {};
  let body = inner;
  // Values hold no spaces (`4,ENCRYPTED`, `AES-128-CBC,<iv>`), which also works on one-line PEMs.
  const re = /^\s*(Proc-Type|DEK-Info):[ \t]*(\S+)/;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    headers[m[1] ?? ''] = (m[2] ?? '').trim();
    body = body.slice(m[0].length);
  }
  return { headers, body };
}

function decodeBase64Pem(s: string): string | undefined {
  const compact = s.replace(/\s+/g, '');
  if (compact.length < 64 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN') ? decoded : undefined;
}

function notAKey(origin: string): SamsungAuthError {
  return new SamsungAuthError('KEY_MALFORMED', `${origin} is not a private key: it is neither PEM nor a JWK.`, {
    status: 400,
    hint:
      'Expected the key downloaded from Seller Portal ("-----BEGIN RSA PRIVATE KEY-----" or ' +
      '"-----BEGIN PRIVATE KEY-----"), or an RSA JWK as JSON.',
  });
}
