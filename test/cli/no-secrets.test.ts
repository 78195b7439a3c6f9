/**
 * Marker values: tokens, JWTs and key bytes are planted where a careless message would pick them
 * up, then every line the CLI, the library and the sandbox write is searched for them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { runCli } from '../helpers/galaxy-cli.js';
import { pemBodyChunks, tempDir, writeKeyFile } from '../helpers/galaxy-keys.js';
import { startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';
import { checkAccessToken } from '../../src/galaxy/access-token.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { loadPrivateKey } from '../../src/galaxy/load-private-key.js';
import { GalaxyApiError } from '../../src/galaxy/galaxy-error.js';

const MARKER_TOKEN = `MARKERtoken${randomBytes(6).toString('hex')}`; // 23 chars, shorter than the generic redaction
let mode: 'ok' | 'echo' = 'ok';
const jwtsSeen: string[] = [];
let fake: http.Server;
let fakeUrl: string;
let sb: GalaxyTestSandbox;
let dir: string;
let pem: string;

before(async () => {
  // A Galaxy stand-in that hands out a marker token, or echoes whatever credential it was sent.
  fake = http.createServer((req, res) => {
    const credential = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (req.url === '/auth/accessToken') jwtsSeen.push(credential);
    res.setHeader('content-type', 'application/json');
    if (mode === 'echo') {
      res.statusCode = 401;
      res.end(JSON.stringify({ code: 'AUTH_REQUIRE', message: `Invalid credential ${credential}`, from: 'asgw' }));
      return;
    }
    if (req.url === '/auth/accessToken') res.end(JSON.stringify({ ok: true, createdItem: { accessToken: MARKER_TOKEN } }));
    else if (req.url === '/auth/checkAccessToken' && credential === MARKER_TOKEN) res.end('{"ok":true}');
    else {
      res.statusCode = 401;
      res.end('{"code":"AUTH_REQUIRE","message":"Invalid accessToken","from":"asgw"}');
    }
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  sb = await startGalaxySandbox();
  pem = await readFile(sb.demoKeyFile, 'utf8');
  dir = await tempDir('galaxy-secrets-');
});
after(async () => {
  fake.close();
  await sb.close();
  await rm(dir, { recursive: true, force: true });
});

function assertClean(text: string, secrets: string[], where: string): void {
  for (const s of secrets) assert.ok(!text.includes(s), `${where} holds a secret (${s.slice(0, 6)}...)`);
}

describe('the CLI never writes a token, JWT or key bytes where it should not', () => {
  test('token create: the token on stdout only; doctor: never', async () => {
    mode = 'ok';
    const env = { GALAXY_API_URL: fakeUrl, GALAXY_SERVICE_ACCOUNT_ID: 'sa', GALAXY_PRIVATE_KEY_FILE: sb.demoKeyFile };
    const created = await runCli(['token', 'create'], env);
    assert.equal(created.stdout, `${MARKER_TOKEN}\n`);
    assert.equal(created.stderr, '');
    const doctor = await runCli(['doctor'], env);
    assert.equal(doctor.code, 0, doctor.stdout);
    assertClean(doctor.stdout + doctor.stderr, [MARKER_TOKEN, ...jwtsSeen, ...pemBodyChunks(pem)], 'doctor output');
    const doctorJson = await runCli(['doctor', '--json'], env);
    assertClean(doctorJson.stdout + doctorJson.stderr, [MARKER_TOKEN, ...jwtsSeen, ...pemBodyChunks(pem)], 'doctor --json output');
  });

  test('a server that echoes the credential it was sent cannot put it on stderr', async () => {
    mode = 'echo';
    const env = { GALAXY_API_URL: fakeUrl, GALAXY_SERVICE_ACCOUNT_ID: 'sa', GALAXY_PRIVATE_KEY_FILE: sb.demoKeyFile };
    jwtsSeen.length = 0;
    const created = await runCli(['token', 'create'], env);
    assert.equal(created.code, 1);
    assert.equal(jwtsSeen.length, 1);
    const jwt = jwtsSeen[0] ?? '';
    assertClean(created.stdout + created.stderr, [jwt, ...jwt.split('.').filter((p) => p.length > 30)], 'token create stderr');
    assert.match(created.stderr, /\[redacted\]/);

    const checked = await runCli(['token', 'check'], { ...env, GALAXY_ACCESS_TOKEN: MARKER_TOKEN });
    assert.equal(checked.code, 1);
    assertClean(checked.stdout + checked.stderr, [MARKER_TOKEN], 'token check stderr');
    const doctor = await runCli(['doctor'], env);
    assertClean(doctor.stdout + doctor.stderr, [...jwtsSeen, MARKER_TOKEN], 'doctor output');
    mode = 'ok';
  });

  test('damaged keys are described, never quoted', async () => {
    const marker = `KEYMARKER${randomBytes(8).toString('hex')}`;
    const files = await Promise.all([
      writeKeyFile(dir, 'garbage.pem', `${marker} this is not a key ${marker}`),
      writeKeyFile(dir, 'bad-body.pem', `-----BEGIN RSA PRIVATE KEY-----\n${marker}!!\n${pem.split('\n')[1]}\n-----END RSA PRIVATE KEY-----\n`),
      writeKeyFile(dir, 'truncated.pem', pem.slice(0, 1000)),
      writeKeyFile(dir, 'json.pem', `{"kty":"RSA","d":"${marker}"`),
      writeKeyFile(dir, 'open.pem', pem, 0o644),
    ]);
    const env = { GALAXY_API_URL: sb.url, GALAXY_SERVICE_ACCOUNT_ID: sb.demoId };
    const runs = await Promise.all(
      files.flatMap((f) => [runCli(['jwt', '--key-file', f], env), runCli(['doctor', '--key-file', f], env)]),
    );
    runs.push(await runCli(['token', 'create', '--key-env', 'K'], { ...env, K: `-----BEGIN PRIVATE KEY-----\\n${marker}` }));
    for (const r of runs) {
      assert.notEqual(r.code, 0);
      assertClean(r.stdout + r.stderr, [marker, ...pemBodyChunks(pem)], 'key error output');
    }
  });
});

describe('the library and the sandbox write nothing secret', () => {
  test('a full flow in-process writes no line holding a token, JWT or key bytes', async () => {
    // console.*, stderr and stdout are captured while the flow runs; what stdout got (the test
    // runner's own reports among it) is passed on afterwards, unchanged and in order.
    const written: string[] = [];
    const stdoutHeld: unknown[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((k) => console[k]);
    const err = process.stderr.write.bind(process.stderr);
    const out = process.stdout.write.bind(process.stdout);
    for (const k of methods) console[k] = (...args: unknown[]) => void written.push(args.map(String).join(' '));
    process.stderr.write = ((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    process.stdout.write = ((chunk: unknown) => {
      stdoutHeld.push(chunk);
      written.push(Buffer.isBuffer(chunk) ? chunk.toString('latin1') : String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const secrets: string[] = [];
    // The JWT the library signs is a secret too (a bearer credential for 20 minutes): record it.
    const recording = (input: string | URL, init: RequestInit) => {
      const auth = new Headers(init.headers).get('authorization') ?? '';
      if (String(input).endsWith('/auth/accessToken')) secrets.push(auth.replace(/^Bearer /, ''));
      return fetch(input, init);
    };
    try {
      const privateKey = await loadPrivateKey({ file: sb.demoKeyFile });
      const m = new GalaxyTokenManager({ apiUrl: sb.url, serviceAccountId: sb.demoId, privateKey, fetch: recording });
      const token = await m.getAccessToken();
      secrets.push(token);
      await m.apiClient().contentList();
      await m.revoke();
      const e = await checkAccessToken({ apiUrl: sb.url, serviceAccountId: sb.demoId, accessToken: token }).catch((x: unknown) => x);
      assert.ok(e instanceof GalaxyApiError);
      assertClean(`${e.message} ${e.hint} ${JSON.stringify(e)}`, [token], 'error');
    } finally {
      methods.forEach((k, i) => (console[k] = originals[i] as (typeof console)[typeof k]));
      process.stderr.write = err;
      process.stdout.write = out;
      for (const chunk of stdoutHeld) out(chunk as string);
    }
    assert.equal(secrets.length, 2, 'the token and the JWT it was minted with are both checked');
    assert.ok(secrets.some((s) => /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(s)), 'one of them is the JWT');
    assertClean(written.join(''), [...secrets, ...pemBodyChunks(pem)], 'process output');
  });
});
