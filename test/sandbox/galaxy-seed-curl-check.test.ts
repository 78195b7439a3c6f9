import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.resolve(repoRoot, '../shared/tools/seed-curl-check');

async function present(): Promise<boolean> {
  try {
    await access(script, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const available = await present();
let sb: GalaxyTestSandbox | undefined;

before(async () => {
  if (available) sb = await startGalaxySandbox();
});
after(async () => {
  await sb?.close();
});

test(
  'the seeds\' own curl commands (openssl-signed JWT) pass against the sandbox',
  { skip: !available && !process.env.CI ? `${script} is not present (set CI to make this a failure)` : false },
  async () => {
    assert.ok(available, `${script} is missing`);
    assert.ok(sb);
    // Async on purpose: the sandbox runs in this process and must keep answering.
    const { stdout } = await promisify(execFile)(script, [sb.url, sb.demoId, sb.demoKeyFile, 'publishing'], {
      timeout: 60_000,
    }).catch((err: { stdout?: string; code?: number }) => {
      assert.fail(`seed-curl-check exited ${err.code}:\n${err.stdout ?? ''}`);
    });
    assert.match(stdout, /seed curl check: \d+ passed, 0 failed/);
    assert.doesNotMatch(stdout, /^FAIL/m);
  },
);
