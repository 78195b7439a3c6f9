// The installed bin against the sandbox: token create prints only the token; token revoke takes it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startSandbox } from 'samsung-auth-kit/sandbox';

const run = promisify(execFile);
const sandbox = await startSandbox();
try {
  const env = { ...process.env, ...sandbox.env };
  const created = await run('npx', ['--no-install', 'samsung-auth', 'token', 'create'], { env });
  const token = created.stdout.trim();
  assert.match(token, /^[\x21-\x7e]+$/);
  assert.equal(sandbox.galaxy.tokens.active, 1);
  await run('npx', ['--no-install', 'samsung-auth', 'token', 'revoke'], { env: { ...env, GALAXY_ACCESS_TOKEN: token } });
  assert.equal(sandbox.galaxy.tokens.active, 0);
  console.log('token created and revoked with the samsung-auth bin');
} finally {
  await sandbox.close();
}
