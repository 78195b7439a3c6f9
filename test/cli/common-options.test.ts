/**
 * One set of flags for every command, as a CI script passes them; tokens are opaque, so one that
 * starts with "-" works; what was typed by mistake is named only when it cannot be a secret.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers/galaxy-cli.js';
import { rawCall, startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';

let sb: GalaxyTestSandbox;
let flags: string[];

before(async () => {
  // Every token this sandbox issues begins with "-": the shape a parser most easily gets wrong.
  sb = await startGalaxySandbox({ newGalaxyAccessToken: () => `-${randomBytes(18).toString('base64url')}` });
  flags = ['--service-account-id', sb.demoId, '--key-file', sb.demoKeyFile, '--scopes', 'publishing', '--api-url', sb.url, '--timeout', '10000'];
});
after(async () => {
  await sb.close();
});

async function tokenStatus(token: string): Promise<number> {
  return (await rawCall(`${sb.url}/auth/checkAccessToken`, { headers: { authorization: `Bearer ${token}`, 'service-account-id': sb.demoId } })).status;
}

describe('the common options, the same on every command', () => {
  test('jwt, token create, token check, doctor and token revoke take one flag set, with a token that starts with "-"', async () => {
    const created = await runCli(['token', 'create', ...flags, '--token', '-not-used-by-create', '--allow-http']);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^-/, 'the sandbox issued a token that begins with a dash');
    assert.equal(await tokenStatus(token), 200);

    const all = [...flags, '--allow-http', '--token', token];
    const jwt = await runCli(['jwt', ...all]);
    assert.equal(jwt.code, 0, jwt.stderr);
    assert.match(jwt.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);

    const checked = await runCli(['token', 'check', ...all, '--json']);
    assert.equal(checked.code, 0, checked.stderr);
    assert.deepEqual(JSON.parse(checked.stdout), { ok: true, valid: true });

    const inline = await runCli(['token', 'check', ...flags, `--token=${token}`]);
    assert.equal(inline.code, 0, inline.stderr);

    const stdin = await runCli(['token', 'check', ...flags, '--token', '-'], {}, `${token}\n`);
    assert.equal(stdin.code, 0, `"--token -" still reads stdin: ${stdin.stderr}`);

    const doctor = await runCli(['doctor', ...all, '--json']);
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    const report = JSON.parse(doctor.stdout) as { checks: { name: string; status: string }[] };
    assert.deepEqual(
      report.checks.map((c) => `${c.name}:${c.status}`),
      ['settings:ok', 'key:ok', 'clock:ok', 'jwt:ok', 'access token:ok', 'given token:ok'],
    );
    assert.equal(await tokenStatus(token), 200, 'doctor leaves the token it was given live');

    const revoked = await runCli(['token', 'revoke', ...all]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(await tokenStatus(token), 401);
    const dead = await runCli(['token', 'check', ...all]);
    assert.equal(dead.code, 1);
    assert.match(dead.stderr, /AUTH_REQUIRE/);
    for (const r of [created, jwt, checked, inline, stdin, doctor, revoked, dead]) {
      assert.ok(!r.stderr.includes(token), 'no token on stderr');
    }
    for (const r of [jwt, checked, inline, stdin, doctor, revoked, dead]) {
      assert.ok(!r.stdout.includes(token), 'no token on stdout except from token create');
    }
  });

  test('doctor reports a dead token it was given, with exit 1', async () => {
    const r = await runCli(['doctor', ...flags, '--token', '-dead-token-for-doctor']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /FAIL +given token: .*AUTH_REQUIRE/);
    assert.match(r.stdout, /ok +access token/);
    assert.ok(!r.stdout.includes('-dead-token-for-doctor'));
  });

  test('each command\'s --help lists the options it uses and names the common ones it ignores', async () => {
    const [check, create, jwt] = await Promise.all([
      runCli(['token', 'check', '--help']),
      runCli(['token', 'create', '--help']),
      runCli(['jwt', '--help']),
    ]);
    const [checkUses, checkIgnores] = check.stdout.split('Also accepted');
    assert.match(checkUses ?? '', /--token TOKEN/);
    assert.doesNotMatch(checkUses ?? '', /--key-file/);
    assert.match(checkIgnores ?? '', /--key-file --key-env --allow-insecure-key-permissions --scopes/);
    const [createUses, createIgnores] = create.stdout.split('Also accepted');
    assert.match(createUses ?? '', /--key-file PATH[\s\S]*--api-url URL/);
    assert.match(createIgnores ?? '', /--token/);
    assert.match(jwt.stdout.split('Also accepted')[1] ?? '', /--api-url --allow-http --timeout --token/);
  });
});

describe('mistakes are named, secrets are not', () => {
  const marker = '0BjE0TJEvuOXLAzJvcAeSBHN';

  test('an unknown command is repeated only when it looks like a command word', async () => {
    const [typo, tokenTypo, pasted, pastedSub] = await Promise.all([
      runCli(['tokn']),
      runCli(['token', 'chek']),
      runCli([marker]),
      runCli(['token', marker]),
    ]);
    assert.match(typo.stderr, /Unknown command "tokn": use jwt, token, doctor, apps, publish, submit, status, go-live, rollout, iap, stats/);
    assert.match(tokenTypo.stderr, /Unknown command "token chek": use create, check or revoke/);
    for (const r of [pasted, pastedSub]) {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Unknown command \(not shown/);
      for (let i = 0; i + 4 <= marker.length; i++) assert.ok(!r.stderr.includes(marker.slice(i, i + 4)), `no 4 characters of the token: ${r.stderr}`);
    }
  });

  test('an unknown option is named; its value, or an option-shaped secret, is not', async () => {
    const [bogus, secretShaped, shortGroup] = await Promise.all([
      runCli(['token', 'check', `--bogus=${marker}`]),
      runCli(['token', 'check', `--${marker}`]),
      runCli(['token', 'check', `-${marker}`]),
    ]);
    assert.match(bogus.stderr, /Unknown option --bogus for "token check"/);
    for (const r of [bogus, secretShaped, shortGroup]) {
      assert.equal(r.code, 2, r.stderr);
      assert.ok(!r.stderr.includes(marker.slice(0, 6)) && !r.stderr.includes(marker.slice(-6)), r.stderr);
    }
    assert.match(secretShaped.stderr, /unknown option was given .*not shown/);
  });

  test('a missing value and a value given to a switch are usage errors that name the option', async () => {
    const [missing, last, switchValue, lifetimeElsewhere] = await Promise.all([
      runCli(['token', 'check', '--token', '--json']),
      runCli(['token', 'check', '--token']),
      runCli(['token', 'check', '--json=yes']),
      runCli(['token', 'create', '--lifetime', '60']),
    ]);
    assert.match(missing.stderr, /--token needs a value/);
    assert.match(last.stderr, /--token needs a value/);
    assert.match(switchValue.stderr, /--json takes no value/);
    assert.match(lifetimeElsewhere.stderr, /Unknown option --lifetime for "token create"/, 'an option of another command is still wrong here');
    for (const r of [missing, last, switchValue, lifetimeElsewhere]) assert.equal(r.code, 2);
  });
});
