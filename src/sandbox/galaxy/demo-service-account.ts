/**
 * The sandbox's demo service account: an RSA 2048 key generated on first start and reused after,
 * written mode 0600 under `{dataDir}/sandbox/` in PKCS#1 PEM (what Seller Portal downloads,
 * seed 000), and described in `demo-service-account.json` so a newcomer can point the CLI at it.
 */
import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { isGalaxyScope, type GalaxyScope } from '../../galaxy/galaxy-scopes.js';

export interface DemoServiceAccount {
  id: string;
  name: string;
  /** Absolute path of the PKCS#1 PEM private key (mode 0600). */
  privateKeyFile: string;
  scopes: readonly GalaxyScope[];
}

const DEFAULT_ID = 'demo-service-account';
const DEFAULT_SCOPES: readonly GalaxyScope[] = ['publishing', 'gss'];

/** Loads the demo account from `dataDir`, creating its key and descriptor when missing or damaged. */
export async function ensureDemoServiceAccount(
  dataDir: string | undefined,
): Promise<{ account: DemoServiceAccount; privateKey: KeyObject; dir: string }> {
  const base = dataDir ?? (await makeTemporaryDir());
  const dir = path.resolve(base, 'sandbox');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const descriptorFile = path.join(dir, 'demo-service-account.json');
  const keyFile = path.join(dir, 'demo-key.pem');

  const existing = await readExisting(descriptorFile, keyFile);
  if (existing) return { ...existing, dir };

  const generate = promisify(generateKeyPair);
  const { privateKey } = await generate('rsa', { modulusLength: 2048 });
  await writePrivate(keyFile, privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  const account: DemoServiceAccount = { id: DEFAULT_ID, name: 'Demo service account', privateKeyFile: keyFile, scopes: DEFAULT_SCOPES };
  await writePrivate(
    descriptorFile,
    `${JSON.stringify({ id: account.id, privateKeyFile: keyFile, scopes: account.scopes }, null, 2)}\n`,
  );
  return { account, privateKey, dir };
}

/**
 * Without a dataDir the key goes to a fresh temporary folder, removed when the process exits: a
 * private key must not pile up in /tmp after every test run.
 */
const temporaryDirs = new Set<string>();

async function makeTemporaryDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'samsung-auth-sandbox-'));
  if (temporaryDirs.size === 0) {
    process.once('exit', () => {
      for (const d of temporaryDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  temporaryDirs.add(dir);
  return dir;
}

async function readExisting(
  descriptorFile: string,
  keyFile: string,
): Promise<{ account: DemoServiceAccount; privateKey: KeyObject } | undefined> {
  try {
    const d = JSON.parse(await readFile(descriptorFile, 'utf8')) as { id?: unknown; scopes?: unknown };
    const privateKey = createPrivateKey(await readFile(keyFile, 'utf8'));
    const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (privateKey.asymmetricKeyType !== 'rsa' || bits < 2048) return undefined;
    const id = typeof d.id === 'string' && /^[\x21-\x7e]{1,128}$/.test(d.id) ? d.id : DEFAULT_ID;
    const scopes =
      Array.isArray(d.scopes) && d.scopes.length > 0 && d.scopes.every(isGalaxyScope) ? (d.scopes as GalaxyScope[]) : DEFAULT_SCOPES;
    // Someone may have loosened it; the CLI refuses open key files, so put it back.
    await chmod(keyFile, 0o600);
    return { account: { id, name: 'Demo service account', privateKeyFile: keyFile, scopes }, privateKey };
  } catch {
    return undefined;
  }
}

/** Writes atomically, mode 0600 from the first byte (umask cannot widen it after rename + chmod). */
async function writePrivate(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}
