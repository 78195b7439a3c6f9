/**
 * The outside check: seeds 001 and 003's own curl commands, with a JWT signed by openssl (not by our
 * code), run by scripts/seed-curl-check against a sandbox on loopback.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/galaxy-cli.js';
import { startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';

const script = path.join(repoRoot, 'scripts', 'seed-curl-check');
let sb: GalaxyTestSandbox;

before(async () => {
  sb = await startGalaxySandbox();
});
after(async () => {
  await sb.close();
});

async function runCheck(args: string[]): Promise<{ code: number; stdout: string }> {
  // Async on purpose: the sandbox runs in this process and must keep answering.
  return promisify(execFile)(script, args, { timeout: 60_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { stdout?: string; code?: number }) => ({ code: err.code ?? -1, stdout: err.stdout ?? '' }),
  );
}

test("the seeds' own curl commands (openssl-signed JWT) pass against the sandbox", async () => {
  const { code, stdout } = await runCheck([sb.url, sb.demoId, sb.demoKeyFile, 'publishing']);
  assert.equal(code, 0, `seed-curl-check exited ${code}:\n${stdout}`);
  assert.match(stdout, /seed curl check: 9 passed, 0 failed/);
  assert.doesNotMatch(stdout, /^FAIL/m);
  for (const call of ['POST /auth/accessToken', 'GET /auth/checkAccessToken', 'DELETE /auth/revokeAccessToken', 'contentSubmit', '/iap/v6/applications/']) {
    assert.ok(stdout.includes(call), `${call} was checked`);
  }
  assert.equal(sb.sandbox.galaxy.tokens.revoked, 1, 'the script revoked the token it minted');
});

test('the check fails when the server does not answer as the seeds say (a key the sandbox does not know)', async () => {
  const other = sb.addAccount(['publishing']);
  // The other account's id with the demo account's key: the signature does not verify.
  const { code, stdout } = await runCheck([sb.url, other.id, sb.demoKeyFile, 'publishing']);
  assert.equal(code, 1, stdout);
  assert.match(stdout, /^FAIL POST \/auth\/accessToken/m);
  assert.match(stdout, /seed curl check: \d+ passed, [1-9]\d* failed/);
});
