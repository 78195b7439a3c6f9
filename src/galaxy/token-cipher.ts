/**
 * AES-256-GCM for access tokens that leave process memory (PROTOCOL §2.3: "store it encrypted").
 * Each sealed value names the key it was sealed with, so keys rotate: seal with the current key,
 * open with any key still listed, re-seal old values when read.
 *
 * Sealed format: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts, 96-bit random iv).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigError, SamsungAuthError } from '../errors.js';

/** Options of {@link TokenCipher}: keys by id, and which one seals. */
export interface TokenCipherOptions {
  /** Keys by id; each 32 bytes (a Buffer, or base64/base64url text). */
  keys: Record<string, Uint8Array | string>;
  /** The id of the key new values are sealed with. */
  currentKeyId: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Seals and opens short secrets with AES-256-GCM.
 *
 * @example
 * ```ts
 * const cipher = new TokenCipher({ keys: { k1: TokenCipher.generateKey() }, currentKeyId: 'k1' });
 * const sealed = cipher.seal('secret', 'galaxy:acct:publishing');
 * cipher.open(sealed, 'galaxy:acct:publishing'); // 'secret'
 * ```
 */
export class TokenCipher {
  readonly #keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(options: TokenCipherOptions) {
    const problems: { variable: string; problem: string }[] = [];
    for (const [id, value] of Object.entries(options.keys)) {
      const key = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value);
      if (!KEY_ID.test(id)) problems.push({ variable: 'token cipher key id', problem: 'use 1-32 letters, digits, "-" or "_"' });
      else if (key.length !== 32) problems.push({ variable: `token cipher key "${id}"`, problem: `must be 32 bytes, got ${key.length}` });
      else this.#keys.set(id, key);
    }
    if (!this.#keys.has(options.currentKeyId)) {
      problems.push({ variable: 'token cipher current key', problem: 'must name one of the valid keys' });
    }
    if (problems.length > 0) throw new ConfigError(problems);
    this.currentKeyId = options.currentKeyId;
  }

  /** A fresh random 32-byte key. */
  static generateKey(): Buffer {
    return randomBytes(32);
  }

  /**
   * Builds a cipher from text like `k2:BASE64,k1:BASE64` (the first key is current), the shape
   * of an environment variable that holds rotating keys.
   */
  static fromKeyList(spec: string): TokenCipher {
    const keys: Record<string, string> = {};
    let current: string | undefined;
    for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
      const i = part.indexOf(':');
      const id = i > 0 ? part.slice(0, i) : '';
      // A repeated id would silently keep one of the two keys: say so instead of guessing which.
      if (Object.hasOwn(keys, id)) {
        throw new ConfigError([{ variable: 'token cipher key id', problem: `"${id}" is listed twice; each key needs its own id`, example: 'new:NEWKEY,old:OLDKEY' }]);
      }
      keys[id] = part.slice(i + 1);
      current ??= id;
    }
    return new TokenCipher({ keys, currentKeyId: current ?? '' });
  }

  /**
   * Encrypts `plaintext`. `context` (e.g. the store key) is bound as associated data, so a value
   * moved to another key does not open.
   */
  seal(plaintext: string, context = ''): string {
    const key = this.#keys.get(this.currentKeyId) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${this.currentKeyId}|${context}`));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentKeyId, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /**
   * Decrypts a value from {@link seal}.
   *
   * @throws {@link SamsungAuthError} `TOKEN_STORE_CORRUPT` when it is damaged, sealed with an
   *   unknown key, or bound to another context.
   */
  open(sealed: string, context = ''): string {
    const parts = sealed.split('.');
    const [version, keyId, iv, ct, tag] = parts;
    const key = keyId === undefined ? undefined : this.#keys.get(keyId);
    if (parts.length !== 5 || version !== 'v1' || !key || iv === undefined || ct === undefined || tag === undefined) {
      throw corrupt(key === undefined && parts.length === 5 ? 'it was sealed with a key that is no longer configured' : 'its format is not recognised');
    }
    try {
      const authTag = Buffer.from(tag, 'base64url');
      // A full 128-bit tag only: GCM would otherwise accept a truncated one.
      if (authTag.length !== 16) throw new Error('short authentication tag');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(`${keyId}|${context}`));
      decipher.setAuthTag(authTag);
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw corrupt('it failed authentication (altered, or moved from another entry)', err);
    }
  }

  /** True when `sealed` was sealed with a key other than the current one (re-seal it). */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.currentKeyId;
  }

  /** True when the key `sealed` names is configured (so it can be opened unless altered). */
  knowsKeyOf(sealed: string): boolean {
    const id = sealed.split('.')[1];
    return id !== undefined && this.#keys.has(id);
  }
}

function corrupt(why: string, cause?: unknown): SamsungAuthError {
  return new SamsungAuthError('TOKEN_STORE_CORRUPT', `A stored token could not be decrypted: ${why}.`, {
    status: 500,
    hint: 'The entry is ignored and a new token is requested; keep old keys configured while rotating.',
    cause,
  });
}
