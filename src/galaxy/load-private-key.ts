/**
 * Loads a Galaxy Store service account's private key (PROTOCOL §2.1) once, into a
 * `node:crypto` KeyObject that every later JWT reuses. Accepts PKCS#1 PEM (what Seller Portal
 * downloads, seed 000), PKCS#8 PEM and RSA JWK, from a file, a string or an environment variable;
 * repairs the usual copy-paste damage; and refuses everything else with a distinct code.
 *
 * No message ever carries key bytes: only where the key came from and what kind of thing it is.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { open } from 'node:fs/promises';
import { SamsungAuthError } from '../errors.js';
import { repairKeyText } from './lib/repair-key-text.js';

/** Where the key comes from. */
export type PrivateKeySource =
  /** A key file. Refused when group or others can access it, unless `allowInsecurePermissions`. */
  | { file: string; allowInsecurePermissions?: boolean }
  /** PEM or JWK JSON text (e.g. from a secret manager). */
  | { text: string }
  /** The name of an environment variable holding PEM, JWK JSON or base64-encoded PEM. */
  | { env: string; environment?: NodeJS.ProcessEnv }
  /** A parsed JWK object. */
  | { jwk: JsonWebKey };

/** A loaded, checked service account key. Parse once, reuse for every JWT. */
export interface ServiceAccountKey {
  readonly keyObject: KeyObject;
  /** The encoding the key arrived in. */
  readonly format: 'pkcs1' | 'pkcs8' | 'jwk';
  /** RSA modulus length in bits (at least 2048). */
  readonly modulusBits: number;
  readonly source: 'file' | 'text' | 'env' | 'jwk';
  /** Where it came from, for messages: the file path or the variable name, never the value. */
  readonly origin: string;
  /** Permission bits of the key file (e.g. `0o600`), for `source: 'file'` on POSIX systems. */
  readonly fileMode?: number;
  /** What was repaired (lost newlines, literal `\n`, quotes...), empty when nothing was. */
  readonly repairs: readonly string[];
}

/** Smallest RSA modulus accepted (PROTOCOL §2.2). */
export const MIN_RSA_BITS = 2048;
/** A key file larger than this is not a key; refusing early avoids reading something huge. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Loads and checks a service account private key.
 *
 * @throws {@link SamsungAuthError} with one of the codes `KEY_NOT_FOUND`, `KEY_UNREADABLE`,
 *   `KEY_PERMISSIONS_TOO_OPEN`, `KEY_ENCRYPTED`, `KEY_NOT_RSA`, `KEY_TOO_SMALL`, `KEY_IS_PUBLIC`,
 *   `KEY_IS_CERTIFICATE`, `KEY_MALFORMED`.
 * @example
 * ```ts
 * const key = await loadPrivateKey({ file: 'secrets/galaxy.pem' });
 * const envKey = await loadPrivateKey({ env: 'GALAXY_PRIVATE_KEY' });
 * ```
 */
export async function loadPrivateKey(source: PrivateKeySource): Promise<ServiceAccountKey> {
  if ('file' in source) return loadFromFile(source.file, source.allowInsecurePermissions ?? false);
  if ('env' in source) {
    const value = (source.environment ?? process.env)[source.env];
    if (value === undefined || value.trim() === '') {
      throw new SamsungAuthError('KEY_NOT_FOUND', `Environment variable ${source.env} is not set or is empty.`, {
        status: 400,
        hint: `Put the service account's private key (PEM or JWK) in ${source.env}, or use a key file.`,
      });
    }
    return parsePrivateKey(value, { source: 'env', origin: `Environment variable ${source.env}` });
  }
  if ('jwk' in source) return fromJwk(source.jwk, 'The JWK', 'jwk', []);
  return parsePrivateKey(source.text, { source: 'text', origin: 'The key text' });
}

/**
 * Parses key text (PEM or JWK JSON) that is already in memory. Synchronous; used by
 * {@link loadPrivateKey}, with the same repairs and refusals.
 *
 * @example
 * ```ts
 * const key = parsePrivateKey(process.env.GALAXY_PRIVATE_KEY ?? '', { source: 'env', origin: 'Environment variable GALAXY_PRIVATE_KEY' });
 * console.log(key.format, key.modulusBits, key.repairs);
 * ```
 */
export function parsePrivateKey(
  text: string,
  where: { source: ServiceAccountKey['source']; origin: string; fileMode?: number },
): ServiceAccountKey {
  const repaired = repairKeyText(text, where.origin);
  if (repaired.kind === 'json') {
    let jwk: unknown;
    try {
      jwk = JSON.parse(repaired.text);
    } catch {
      // No cause attached: JSON.parse quotes the input, which is key material.
      throw malformed(where.origin, 'looks like JSON but does not parse');
    }
    return fromJwk(jwk, where.origin, where.source, repaired.repairs, where.fileMode);
  }
  const label = repaired.label ?? '';
  refuseByLabel(label, repaired.pemHeaders ?? {}, where.origin);
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: repaired.text, format: 'pem' });
  } catch {
    // No cause: some OpenSSL messages echo input. The label tells enough.
    throw malformed(where.origin, `holds a "${label}" block that could not be decoded (truncated or altered)`);
  }
  return finish(keyObject, {
    format: label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'pkcs8',
    source: where.source,
    origin: where.origin,
    fileMode: where.fileMode,
    repairs: repaired.repairs,
  });
}

async function loadFromFile(path: string, allowInsecurePermissions: boolean): Promise<ServiceAccountKey> {
  const origin = `Key file ${path}`;
  let text: string;
  let mode: number | undefined;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new SamsungAuthError('KEY_UNREADABLE', `${origin} is not a regular file.`, {
        status: 400,
        hint: 'Point to the .pem file downloaded from Seller Portal.',
      });
    }
    if (process.platform !== 'win32') {
      mode = stat.mode & 0o777;
      // Like ssh: a private key that group or others can reach is treated as leaked-in-waiting.
      if ((mode & 0o077) !== 0 && !allowInsecurePermissions) {
        throw new SamsungAuthError(
          'KEY_PERMISSIONS_TOO_OPEN',
          `${origin} has permissions ${formatMode(mode)}: group or others can access it, so it was not used.`,
          {
            status: 400,
            hint: `Run "chmod 600 ${path}", or pass the explicit override (--allow-insecure-key-permissions / allowInsecurePermissions) if you accept the risk.`,
          },
        );
      }
    }
    if (stat.size > MAX_KEY_FILE_BYTES) throw malformed(origin, `is ${stat.size} bytes, too large to be a key`);
    text = await handle.readFile('utf8');
  } catch (err) {
    if (err instanceof SamsungAuthError) throw err;
    throw fileError(err, origin);
  } finally {
    await handle?.close();
  }
  return parsePrivateKey(text, { source: 'file', origin, fileMode: mode });
}

/**
 * Formats permission bits the way `ls -l` users read them.
 *
 * @example
 * ```ts
 * formatMode(0o100644); // '0644'
 * ```
 */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

function fileError(err: unknown, origin: string): SamsungAuthError {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new SamsungAuthError('KEY_NOT_FOUND', `${origin} does not exist.`, {
      status: 400,
      hint: 'Check the path (--key-file or GALAXY_PRIVATE_KEY_FILE); it is resolved from the current directory.',
      cause: err,
    });
  }
  return new SamsungAuthError('KEY_UNREADABLE', `${origin} cannot be read (${typeof code === 'string' ? code : 'error'}).`, {
    status: 400,
    hint: 'Check that the file is readable by the user running this program.',
    cause: err,
  });
}

function refuseByLabel(label: string, headers: Record<string, string>, origin: string): void {
  if (label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(headers['Proc-Type'] ?? '')) {
    throw new SamsungAuthError('KEY_ENCRYPTED', `${origin} is encrypted with a passphrase.`, {
      status: 400,
      hint: 'Galaxy Store keys are used unencrypted; decrypt a copy with "openssl pkey -in key.pem -out plain.pem" and keep it mode 0600.',
    });
  }
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
    throw new SamsungAuthError('KEY_IS_PUBLIC', `${origin} holds a public key, not the private key.`, {
      status: 400,
      hint: 'Use the private key downloaded when the service account was created (Seller Portal > Assistance > API Service).',
    });
  }
  if (/CERTIFICATE/.test(label)) {
    throw new SamsungAuthError('KEY_IS_CERTIFICATE', `${origin} holds a certificate ("${label}"), not a private key.`, {
      status: 400,
      hint: 'Use the private key downloaded when the service account was created, not a certificate.',
    });
  }
  if (label === 'EC PRIVATE KEY' || label === 'DSA PRIVATE KEY') {
    throw notRsa(origin, label.split(' ')[0] ?? label);
  }
  if (label === 'OPENSSH PRIVATE KEY') {
    throw new SamsungAuthError('KEY_MALFORMED', `${origin} is in OpenSSH format, which cannot be used for RS256.`, {
      status: 400,
      hint: 'Use the PEM key downloaded from Seller Portal; an RSA ssh key converts with "ssh-keygen -p -m PEM -f FILE".',
    });
  }
  if (label !== 'RSA PRIVATE KEY' && label !== 'PRIVATE KEY') {
    throw malformed(origin, `holds a "${label}" block, not a private key`);
  }
}

function fromJwk(
  value: unknown,
  origin: string,
  source: ServiceAccountKey['source'],
  repairs: string[],
  fileMode?: number,
): ServiceAccountKey {
  let jwk = value as (JsonWebKey & { keys?: unknown }) | null;
  // A JWK Set holding exactly one key is accepted: some tools export that way.
  if (jwk && Array.isArray(jwk.keys)) {
    if (jwk.keys.length !== 1) throw malformed(origin, `is a JWK Set with ${jwk.keys.length} keys; expected one`);
    jwk = jwk.keys[0] as JsonWebKey;
  }
  if (!jwk || typeof jwk !== 'object' || typeof jwk.kty !== 'string') throw malformed(origin, 'is JSON but not a JWK');
  if (jwk.kty !== 'RSA') throw notRsa(origin, jwk.kty.slice(0, 8));
  if (typeof jwk.d !== 'string') {
    throw new SamsungAuthError('KEY_IS_PUBLIC', `${origin} is a public RSA JWK (no "d"), not the private key.`, {
      status: 400,
      hint: 'Export the private JWK, with its "d", "p", "q", "dp", "dq" and "qi" members.',
    });
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw malformed(origin, 'is an RSA JWK with missing or damaged members');
  }
  return finish(keyObject, { format: 'jwk', source, origin, fileMode, repairs });
}

function finish(
  keyObject: KeyObject,
  meta: Omit<ServiceAccountKey, 'keyObject' | 'modulusBits'>,
): ServiceAccountKey {
  if (keyObject.asymmetricKeyType !== 'rsa') throw notRsa(meta.origin, keyObject.asymmetricKeyType ?? 'unknown');
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new SamsungAuthError('KEY_TOO_SMALL', `${meta.origin} is an RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are required.`, {
      status: 400,
      hint: 'Use the key from Seller Portal (2048 bits); create a new service account if this key is not it.',
    });
  }
  const key: ServiceAccountKey = {
    keyObject,
    modulusBits: bits,
    ...meta,
    repairs: Object.freeze([...meta.repairs]),
  };
  return Object.freeze(key);
}

function notRsa(origin: string, kind: string): SamsungAuthError {
  return new SamsungAuthError('KEY_NOT_RSA', `${origin} is a ${kind.toUpperCase()} key; Galaxy Store needs an RSA key (RS256).`, {
    status: 400,
    hint: 'Use the RSA private key downloaded from Seller Portal for this service account.',
  });
}

function malformed(origin: string, what: string): SamsungAuthError {
  return new SamsungAuthError('KEY_MALFORMED', `${origin} ${what}.`, {
    status: 400,
    hint: 'Copy the key again exactly as downloaded from Seller Portal (PEM from the BEGIN line to the END line).',
  });
}
