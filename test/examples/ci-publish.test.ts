/** examples/ci-publish: lists the sandbox's contents as a pipeline would, and fails readably. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { runExample } from './run-example.js';

const SCRIPT = 'examples/ci-publish/list-contents.ts';

describe('examples/ci-publish', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sak-ci-publish-'));
    sandbox = await startSandbox({ dataDir });
  });
  after(async () => {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const pipelineEnv = () => ({
    GALAXY_SERVICE_ACCOUNT_ID: sandbox.demoServiceAccount.id,
    GALAXY_PRIVATE_KEY_FILE: sandbox.demoServiceAccount.privateKeyFile,
    GALAXY_API_URL: sandbox.galaxyUrl,
  });

  it('gets a token, lists the contents, then revokes the token', async () => {
    const before = { issued: sandbox.galaxy.tokens.issued, revoked: sandbox.galaxy.tokens.revoked };
    const run = await runExample(SCRIPT, pipelineEnv());
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(run.stdout.trim().split('\n'), [
      '000007654321  FOR_SALE  My Game',
      '000001234567  REGISTERING  Demo Watch Face',
      '000007000010  FOR_SALE  Space Runner',
      '000007000020  FOR_SALE  Chess Club',
      '000007000030  FOR_SALE  Tiny Notes',
    ]);
    assert.equal(sandbox.galaxy.tokens.issued, before.issued + 1, 'one token for the whole run');
    assert.equal(sandbox.galaxy.tokens.revoked, before.revoked + 1, 'and it is revoked at the end');
    assert.equal(sandbox.galaxy.tokens.active, 0);
  });

  it('an unknown service account fails with the code and a hint, exit 1, no stack trace', async () => {
    const run = await runExample(SCRIPT, { ...pipelineEnv(), GALAXY_SERVICE_ACCOUNT_ID: 'not-registered' });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^GALAXY_API_ERROR: .*HTTP 401 AUTH_REQUIRE/);
    assert.match(run.stderr, /service account id \(iss\) is wrong/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('a missing key file fails with KEY_NOT_FOUND before any call', async () => {
    const calls = sandbox.counters.snapshot();
    const run = await runExample(SCRIPT, { ...pipelineEnv(), GALAXY_PRIVATE_KEY_FILE: join(dataDir, 'nope.pem') });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^KEY_NOT_FOUND: Key file .*nope\.pem does not exist\./);
    assert.deepEqual(sandbox.counters.snapshot(), calls);
  });
});
