import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import jsonwebtoken from 'jsonwebtoken';
import { createPublicKey } from 'node:crypto';
import { isOneParagraph, runCli, type CliResult } from '../helpers/galaxy-cli.js';
import { rawCall, startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';
import { tempDir, writeKeyFile } from '../helpers/galaxy-keys.js';

let sb: GalaxyTestSandbox;
let env: Record<string, string>;
let dir: string;
let pem: string;

before(async () => {
  sb = await startGalaxySandbox();
  pem = await readFile(sb.demoKeyFile, 'utf8');
  dir = await tempDir('galaxy-cli-');
  env = { GALAXY_API_URL: sb.url, GALAXY_SERVICE_ACCOUNT_ID: sb.demoId, GALAXY_PRIVATE_KEY_FILE: sb.demoKeyFile };
});
after(async () => {
  await sb.close();
  await rm(dir, { recursive: true, force: true });
});

function assertFailure(r: CliResult, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit ${r.code}; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.ok(isOneParagraph(r.stderr), `not one paragraph:\n${r.stderr}`);
  assert.match(r.stderr, /^samsung-auth: /);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\bat .+\.(ts|js):\d+/, 'stack trace');
}

async function checkToken(token: string): Promise<number> {
  return (await rawCall(`${sb.url}/auth/checkAccessToken`, { headers: { authorization: `Bearer ${token}`, 'service-account-id': sb.demoId } }))
    .status;
}

describe('samsung-auth commands against the sandbox', () => {
  test('--help on every command, with the exit codes', async () => {
    const runs = await Promise.all(
      [['--help'], ['jwt', '--help'], ['token', '--help'], ['token', 'create', '--help'], ['token', 'check', '--help'], ['token', 'revoke', '--help'], ['doctor', '--help']].map(
        (args) => runCli(args),
      ),
    );
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Usage/);
      assert.match(r.stdout, /Exit codes:[\s\S]*\b3 +private key problem[\s\S]*\b4 +network/);
      assert.equal(r.stderr, '');
    }
  });

  test('jwt prints a JWT that verifies with jsonwebtoken; --json adds the claims', async () => {
    const [plain, json] = await Promise.all([runCli(['jwt', '--scopes', 'publishing,gss'], env), runCli(['jwt', '--json', '--lifetime', '600'], env)]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stderr, '');
    const jwt = plain.stdout.trim();
    assert.equal(plain.stdout, `${jwt}\n`);
    const publicPem = createPublicKey(pem).export({ type: 'spki', format: 'pem' });
    const claims = jsonwebtoken.verify(jwt, publicPem, { algorithms: ['RS256'] }) as Record<string, unknown>;
    assert.deepEqual(claims.scopes, ['publishing', 'gss']);
    const parsed = JSON.parse(json.stdout) as { jwt: string; claims: { iat: number; exp: number; iss: string } };
    assert.equal(parsed.claims.exp - parsed.claims.iat, 600);
    assert.equal(parsed.claims.iss, sb.demoId);
  });

  test('token create -> check -> revoke -> check fails with exit 1', async () => {
    const created = await runCli(['token', 'create'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stderr, '');
    const token = created.stdout.trim();
    assert.equal(created.stdout, `${token}\n`, 'only the token on stdout');
    assert.equal(await checkToken(token), 200);

    const checked = await runCli(['token', 'check'], { ...env, GALAXY_ACCESS_TOKEN: token });
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stdout, /valid/);

    const fromStdin = await runCli(['token', 'check', '--token', '-', '--json'], env, `${token}\n`);
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.deepEqual(JSON.parse(fromStdin.stdout), { ok: true, valid: true });

    const revoked = await runCli(['token', 'revoke', '--token', token], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(await checkToken(token), 401);

    const after = await runCli(['token', 'check'], { ...env, GALAXY_ACCESS_TOKEN: token });
    assertFailure(after, 1, /401 AUTH_REQUIRE.*revoked/);
    assert.ok(!after.stderr.includes(token));
  });

  test('options override the environment; --json on token create', async () => {
    const r = await runCli(
      ['token', 'create', '--json', '--service-account-id', sb.demoId, '--key-file', sb.demoKeyFile, '--api-url', sb.url, '--scopes', 'gss'],
      { GALAXY_API_URL: 'http://127.0.0.1:1', GALAXY_SERVICE_ACCOUNT_ID: 'wrong' },
    );
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { accessToken: string; scopes: string[] };
    assert.deepEqual(body.scopes, ['gss']);
    assert.equal(await checkToken(body.accessToken), 200);
  });

  test('--key-env reads a key whose newlines were written as \\n', async () => {
    const r = await runCli(['token', 'create', '--key-env', 'MY_GALAXY_KEY'], {
      GALAXY_API_URL: sb.url,
      GALAXY_SERVICE_ACCOUNT_ID: sb.demoId,
      MY_GALAXY_KEY: pem.trim().replace(/\n/g, '\\n'),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await checkToken(r.stdout.trim()), 200);
  });

  test('doctor reports key format, size, permissions, clock, JWT and the access-token answer', async () => {
    const activeBefore = sb.sandbox.galaxy.tokens.active;
    const issuedBefore = sb.sandbox.galaxy.tokens.issued;
    const r = await runCli(['doctor'], env);
    assert.equal(sb.sandbox.galaxy.tokens.issued, issuedBefore + 1, 'doctor obtained a token');
    assert.equal(sb.sandbox.galaxy.tokens.active, activeBefore, 'and left none live');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /key: PKCS#1 PEM, RSA 2048 bits, .*permissions 0600/);
    assert.match(r.stdout, /clock: .*(matches|ahead|behind).*API clock/);
    assert.match(r.stdout, /jwt: RS256, iss demo-service-account/);
    assert.match(r.stdout, /access token: .*issued.*not shown/);
    assert.match(r.stdout, /All checks passed/);

    const json = await runCli(['doctor', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: { name: string; status: string }[] };
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.checks.map((c) => c.name),
      ['settings', 'key', 'clock', 'jwt', 'access token'],
    );
  });

  test('a token pasted without --token is refused without being echoed', async () => {
    const pasted = 'MARKER0BjE0TJEvuOXLAzJvc';
    const r = await runCli(['token', 'check', pasted], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unexpected argument/);
    assert.ok(!r.stderr.includes(pasted) && !r.stdout.includes(pasted));
  });

  test('doctor explains a refusal in plain words: wrong scope -> exit 1', async () => {
    const { id, key } = sb.addAccount(['gss']);
    const keyFile = await writeKeyFile(dir, 'gss-only.pem', key.pkcs8);
    const r = await runCli(['doctor', '--service-account-id', id, '--key-file', keyFile, '--scopes', 'publishing'], env);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /FAIL +access token: .*403 NO_PERMISSION/);
    assert.match(r.stdout, /Wrong scope/);
    assert.match(r.stdout, /key: PKCS#8 PEM/);
  });

  test('doctor with a key file readable by others fails the key check with exit 3 and says chmod', async () => {
    const open = await writeKeyFile(dir, 'open.pem', pem, 0o644);
    const r = await runCli(['doctor', '--key-file', open], env);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /FAIL +key: .*0644/);
    assert.match(r.stdout, /chmod 600/);
    assert.match(r.stdout, /skip +jwt/);
  });
});

describe('samsung-auth failures: one paragraph, non-zero exit, no stack trace', () => {
  test('a missing key file -> exit 3', async () => {
    assertFailure(await runCli(['token', 'create', '--key-file', `${dir}/nope.pem`], env), 3, /does not exist/);
  });

  test('a 0644 key file -> exit 3, and the override works', async () => {
    const open = await writeKeyFile(dir, 'open-0644.pem', pem, 0o644);
    assertFailure(await runCli(['token', 'create', '--key-file', open], env), 3, /0644.*chmod 600/);
    const allowed = await runCli(['jwt', '--key-file', open, '--allow-insecure-key-permissions'], env);
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  test('a truncated PEM -> exit 3', async () => {
    const truncated = await writeKeyFile(dir, 'truncated.pem', pem.slice(0, Math.floor(pem.length / 2)));
    assertFailure(await runCli(['token', 'create', '--key-file', truncated], env), 3, /truncated/);
  });

  test('an unreachable API -> exit 4', async () => {
    assertFailure(await runCli(['token', 'create', '--api-url', 'http://127.0.0.1:1'], env), 4, /could not be reached/);
  });

  test('a slow API -> exit 4 within the time budget', async () => {
    sb.sandbox.addFault({ route: 'galaxy.accessToken', fault: { kind: 'hang' } });
    assertFailure(await runCli(['token', 'create', '--timeout', '300'], env), 4, /did not answer within 300 ms/);
  });

  test('usage errors -> exit 2', async () => {
    const runs = await Promise.all([
      runCli(['token', 'create', '--bogus'], env),
      runCli(['frobnicate'], env),
      runCli(['token', 'create'], { GALAXY_API_URL: sb.url, GALAXY_PRIVATE_KEY_FILE: sb.demoKeyFile }),
      runCli(['jwt', '--scopes', 'admin'], env),
      runCli(['token', 'check'], env),
      runCli(['token', 'create', '--key-file', sb.demoKeyFile, '--key-env', 'X'], env),
      runCli(['token', 'create', '--api-url', 'ftp://example.com'], env),
      // A name every object has is not a command either.
      runCli(['constructor'], env),
    ]);
    const patterns = [/Unknown option --bogus for "token create"/, /Unknown command/, /No service account id/, /Unknown scope "admin"/, /No access token/, /not both/, /https/, /Unknown command/];
    runs.forEach((r, i) => assertFailure(r, 2, patterns[i] as RegExp));
  });

  test('no command prints the usage on stderr with exit 2', async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Usage/);
  });
});
