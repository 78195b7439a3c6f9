import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { inspect } from 'node:util';
import { loadPrivateKey, parsePrivateKey } from '../../src/galaxy/load-private-key.js';
import { SamsungAuthError } from '../../src/errors.js';
import { certificatePem, makeRsaKey, pemBodyChunks, rsaKey, tempDir, writeKeyFile } from '../helpers/galaxy-keys.js';

const key = rsaKey();
let dir: string;

/** Asserts the error code, and that no line of key material leaked into message or hint. */
async function refuses(load: () => Promise<unknown>, code: string, secretPem = key.pkcs1): Promise<SamsungAuthError> {
  const err = await load().then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SamsungAuthError, `not a SamsungAuthError: ${String(err)}`);
  assert.equal(err.code, code, err.message);
  const text = `${err.message} ${err.hint ?? ''}`;
  for (const chunk of pemBodyChunks(secretPem)) assert.ok(!text.includes(chunk), 'key bytes in the message');
  return err;
}

/** The loaded key signs, and the matching public key verifies: it is the same key. */
function assertSameKey(loaded: { keyObject: KeyObject }): void {
  const data = Buffer.from('galaxy');
  assert.ok(verify('sha256', data, key.publicKey, sign('sha256', data, loaded.keyObject)));
}

before(async () => {
  dir = await tempDir();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadPrivateKey accepts', () => {
  test('a PKCS#1 PEM file as Seller Portal downloads it (seed 000)', async () => {
    const file = await writeKeyFile(dir, 'pkcs1.pem', key.pkcs1);
    const k = await loadPrivateKey({ file });
    assert.equal(k.format, 'pkcs1');
    assert.equal(k.modulusBits, 2048);
    assert.equal(k.source, 'file');
    assert.equal(k.fileMode, 0o600);
    assert.deepEqual(k.repairs, []);
    assertSameKey(k);
  });

  test('a PKCS#8 PEM string', async () => {
    const k = await loadPrivateKey({ text: key.pkcs8 });
    assert.equal(k.format, 'pkcs8');
    assertSameKey(k);
  });

  test('a JWK object, JWK JSON text, and a JWK Set of one key', async () => {
    assert.equal((await loadPrivateKey({ jwk: key.jwk })).format, 'jwk');
    assertSameKey(await loadPrivateKey({ text: JSON.stringify(key.jwk) }));
    assertSameKey(await loadPrivateKey({ text: JSON.stringify({ keys: [key.jwk] }) }));
  });

  test('an environment variable', async () => {
    const k = await loadPrivateKey({ env: 'MY_KEY', environment: { MY_KEY: key.pkcs1 } });
    assert.equal(k.source, 'env');
    assert.equal(k.origin, 'Environment variable MY_KEY');
    assertSameKey(k);
  });
});

describe('loadPrivateKey repairs', () => {
  const cases: [string, string, RegExp][] = [
    ['literal \\n escapes (CI secrets)', key.pkcs1.trim().replace(/\n/g, '\\n'), /literal/],
    ['newlines turned into spaces', key.pkcs1.trim().replace(/\n/g, ' '), /line breaks/],
    ['newlines lost entirely', key.pkcs8.replace(/\n/g, ''), /line breaks/],
    ['a quoted value from a .env file', `"${key.pkcs1.trim().replace(/\n/g, '\\n')}"`, /quotes/],
    ['a base64-encoded PEM', Buffer.from(key.pkcs1).toString('base64'), /base64/],
    ['CRLF line endings', key.pkcs1.replace(/\n/g, '\r\n'), /^$/],
  ];
  for (const [name, text, repair] of cases) {
    test(name, async () => {
      const k = await loadPrivateKey({ env: 'K', environment: { K: text } });
      assertSameKey(k);
      assert.match(k.repairs.join('; '), repair);
    });
  }
});

describe('loadPrivateKey refuses, with a distinct code and no key bytes', () => {
  test('a missing file -> KEY_NOT_FOUND; an unset variable -> KEY_NOT_FOUND', async () => {
    await refuses(() => loadPrivateKey({ file: `${dir}/missing.pem` }), 'KEY_NOT_FOUND');
    await refuses(() => loadPrivateKey({ env: 'NOPE', environment: {} }), 'KEY_NOT_FOUND');
  });

  test('a directory -> KEY_UNREADABLE', async () => {
    await refuses(() => loadPrivateKey({ file: dir }), 'KEY_UNREADABLE');
  });

  test('a key file group or others can read -> KEY_PERMISSIONS_TOO_OPEN, unless overridden', async () => {
    for (const mode of [0o644, 0o640, 0o604]) {
      const file = await writeKeyFile(dir, `open-${mode.toString(8)}.pem`, key.pkcs1, mode);
      const err = await refuses(() => loadPrivateKey({ file }), 'KEY_PERMISSIONS_TOO_OPEN');
      assert.match(err.message, new RegExp(`0${mode.toString(8)}`));
      assert.match(err.hint ?? '', /chmod 600/);
      const k = await loadPrivateKey({ file, allowInsecurePermissions: true });
      assert.equal(k.fileMode, mode);
    }
  });

  test('an encrypted key (PKCS#8 and PKCS#1 Proc-Type) -> KEY_ENCRYPTED', async () => {
    const pkcs8 = key.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    const pkcs1 = key.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    await refuses(() => loadPrivateKey({ text: pkcs8 }), 'KEY_ENCRYPTED', pkcs8);
    await refuses(() => loadPrivateKey({ text: pkcs1 }), 'KEY_ENCRYPTED', pkcs1);
    await refuses(() => loadPrivateKey({ text: pkcs1.replace(/\n/g, '\\n') }), 'KEY_ENCRYPTED', pkcs1);
  });

  test('a non-RSA key (EC in PKCS#8 and SEC1, Ed25519, EC JWK) -> KEY_NOT_RSA', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ecPkcs8 = ec.export({ type: 'pkcs8', format: 'pem' }) as string;
    await refuses(() => loadPrivateKey({ text: ecPkcs8 }), 'KEY_NOT_RSA', ecPkcs8);
    await refuses(() => loadPrivateKey({ text: ec.export({ type: 'sec1', format: 'pem' }) as string }), 'KEY_NOT_RSA');
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await refuses(() => loadPrivateKey({ text: ed }), 'KEY_NOT_RSA', ed);
    await refuses(() => loadPrivateKey({ jwk: ec.export({ format: 'jwk' }) }), 'KEY_NOT_RSA');
  });

  test('an RSA key under 2048 bits -> KEY_TOO_SMALL', async () => {
    const small = makeRsaKey(1024);
    const err = await refuses(() => loadPrivateKey({ text: small.pkcs1 }), 'KEY_TOO_SMALL', small.pkcs1);
    assert.match(err.message, /1024 bits/);
  });

  test('a public key (SPKI, PKCS#1 public, public JWK) -> KEY_IS_PUBLIC', async () => {
    await refuses(() => loadPrivateKey({ text: key.publicPem }), 'KEY_IS_PUBLIC');
    await refuses(() => loadPrivateKey({ text: key.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string }), 'KEY_IS_PUBLIC');
    await refuses(() => loadPrivateKey({ jwk: key.publicKey.export({ format: 'jwk' }) }), 'KEY_IS_PUBLIC');
  });

  test('a certificate -> KEY_IS_CERTIFICATE', async () => {
    const keyFile = await writeKeyFile(dir, 'for-cert.pem', key.pkcs8);
    const cert = certificatePem(keyFile);
    await refuses(() => loadPrivateKey({ text: cert }), 'KEY_IS_CERTIFICATE');
  });

  test('garbage, damaged base64, a truncated PEM, broken JSON -> KEY_MALFORMED', async () => {
    await refuses(() => loadPrivateKey({ text: 'hello world, not a key' }), 'KEY_MALFORMED');
    await refuses(() => loadPrivateKey({ text: randomBytes(300).toString('hex') }), 'KEY_MALFORMED');
    const truncated = await refuses(() => loadPrivateKey({ text: key.pkcs1.slice(0, 900) }), 'KEY_MALFORMED');
    assert.match(truncated.message, /truncated/);
    const lines = key.pkcs1.split('\n');
    const cutMiddle = [...lines.slice(0, 5), ...lines.slice(-3)].join('\n');
    await refuses(() => loadPrivateKey({ text: cutMiddle }), 'KEY_MALFORMED');
    await refuses(() => loadPrivateKey({ text: key.pkcs1.replace(/A/g, '*') }), 'KEY_MALFORMED');
    await refuses(() => loadPrivateKey({ text: `{"kty":"RSA","d":"${pemBodyChunks(key.pkcs1)[2]}"` }), 'KEY_MALFORMED');
    await refuses(() => loadPrivateKey({ text: JSON.stringify({ ...key.jwk, p: undefined, n: 'AQAB' }) }), 'KEY_MALFORMED', JSON.stringify(key.jwk));
  });

  test('a file too large to be a key -> KEY_MALFORMED without reading it', async () => {
    const file = await writeKeyFile(dir, 'huge.pem', 'x'.repeat(200_000));
    await refuses(() => loadPrivateKey({ file }), 'KEY_MALFORMED');
  });
});

test('parsePrivateKey is synchronous and the KeyObject holds no printable key bytes', () => {
  const k = parsePrivateKey(key.pkcs1, { source: 'text', origin: 'test' });
  const printed = `${JSON.stringify(k)} ${inspect(k)}`;
  for (const chunk of pemBodyChunks(key.pkcs1)) assert.ok(!printed.includes(chunk));
  assert.ok(Object.isFrozen(k));
});
