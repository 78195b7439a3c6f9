/**
 * Keys for Galaxy tests, generated once per test process: an RSA 2048 pair in every encoding the
 * loader accepts, and the things it must refuse.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestRsaKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pkcs1: string;
  pkcs8: string;
  jwk: Record<string, unknown>;
  publicPem: string;
}

let cached: TestRsaKey | undefined;

/** A fresh RSA key pair, in PKCS#1, PKCS#8 and JWK. */
export function makeRsaKey(bits = 2048): TestRsaKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey,
    publicKey,
    pkcs1: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    jwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** The shared RSA 2048 key of this test process. */
export function rsaKey(): TestRsaKey {
  cached ??= makeRsaKey();
  return cached;
}

/** The base64 body lines of a PEM: what must never appear in a message. */
export function pemBodyChunks(pem: string): string[] {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .map((l) => l.slice(0, 24))
    .filter((l) => l.length >= 16);
}

/** A self-signed certificate made by openssl, or a stand-in with the same label when it is absent. */
export function certificatePem(keyFile: string): string {
  try {
    return execFileSync('openssl', ['req', '-new', '-x509', '-key', keyFile, '-subj', '/CN=test', '-days', '1'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return `-----BEGIN CERTIFICATE-----\n${randomBytes(600).toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
  }
}

/** A temporary folder for key files. */
export function tempDir(prefix = 'galaxy-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Writes a key file with exactly `mode` (umask cannot widen or narrow it). */
export async function writeKeyFile(dir: string, name: string, content: string, mode = 0o600): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content, { mode });
  await chmod(file, mode);
  return file;
}
