/**
 * `samsung-auth sandbox`: the sandbox as a command for any stack. Its printed environment block
 * points a real portal process at it for a sign-in, and the seeds' token call works against it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { repoRoot, runCli } from '../helpers/galaxy-cli.js';
import { tempDir } from '../helpers/galaxy-keys.js';
import { freePort } from '../helpers/free-port.js';
import { startPortalProcess } from '../helpers/portal-process.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession } from '../helpers/sign-in.js';
import { TEST_SESSION_SECRET } from '../helpers/stack.js';

/** Starts the command and resolves with its printed environment once it is listening. */
async function startCommand(args: string[]): Promise<{ child: ChildProcess; env: Record<string, string>; stderr: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', ...args], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!err.includes('Stop with Ctrl-C')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the sandbox command did not start:\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const env = Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { child, env, stderr: () => err, exited };
}

describe('samsung-auth sandbox', () => {
  it('prints an env block that signs a real portal in, serves the Galaxy token call, and stops cleanly on SIGTERM', async () => {
    const dataDir = await tempDir('sak-sandbox-cmd-');
    const portalPort = await freePort();
    const cmd = await startCommand(['--port', '0', '--data-dir', dataDir, '--token-response', 'refresh', '--redirect-uri', `http://127.0.0.1:${portalPort}/auth/callback`]);
    try {
      for (const key of ['SAMSUNG_CLIENT_ID', 'SAMSUNG_CLIENT_SECRET', 'SAMSUNG_ALIAS_ID', 'SAMSUNG_ACCOUNT_URL', 'SAMSUNG_TOKEN_URL', 'SAMSUNG_API_URL', 'SAMSUNG_TRUSTED_AUTH_HOSTS', 'GALAXY_API_URL', 'GALAXY_UPLOAD_URL', 'GALAXY_SERVICE_ACCOUNT_ID', 'GALAXY_PRIVATE_KEY_FILE', 'SAMSUNG_REDIRECT_URI']) {
        assert.ok(cmd.env[key], `${key} is printed`);
      }
      assert.ok(cmd.env.GALAXY_PRIVATE_KEY_FILE!.startsWith(dataDir), 'the demo key is written under --data-dir');
      const gate = await fetch(`${cmd.env.SAMSUNG_ACCOUNT_URL}/accounts/v1/${cmd.env.SAMSUNG_ALIAS_ID}/signInGate?client_id=${cmd.env.SAMSUNG_CLIENT_ID}&response_type=CODE&redirect_uri=${encodeURIComponent(cmd.env.SAMSUNG_REDIRECT_URI!)}&state=s`);
      assert.equal(gate.status, 200);

      // The Galaxy token call, with a JWT from the printed key.
      const jwt = await runCli(['jwt'], { GALAXY_SERVICE_ACCOUNT_ID: cmd.env.GALAXY_SERVICE_ACCOUNT_ID!, GALAXY_PRIVATE_KEY_FILE: cmd.env.GALAXY_PRIVATE_KEY_FILE! });
      const token = await fetch(`${cmd.env.GALAXY_API_URL}/auth/accessToken`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt.stdout.trim()}` } });
      assert.equal(token.status, 200);
      assert.equal(((await token.json()) as { ok: boolean }).ok, true);

      // A portal in real mode, configured from the printed block alone.
      const portal = await startPortalProcess({ ...cmd.env, PATH: process.env.PATH ?? '', SANDBOX: '0', SESSION_SECRET: TEST_SESSION_SECRET, DATA_DIR: dataDir, ENV_FILE: `${dataDir}/none.env` }, { port: portalPort });
      try {
        const browser = new TestBrowser();
        const walk = await signIn(browser, portal.url, 'y0zpz1a2b3');
        assert.equal(walk.landing.status, 200);
        assert.deepEqual((await apiSession(browser, portal.url)).body.user, { id: 'y0zpz1a2b3', name: 'Alex Kim', email: 'alex.kim@example.com' });
      } finally {
        await portal.stop();
      }
      cmd.child.kill('SIGTERM');
      assert.equal(await cmd.exited, 0);
      assert.match(cmd.stderr(), /stopped/);
    } finally {
      if (cmd.child.exitCode === null) cmd.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a bad option value with a usage error, and --help lists the options', async () => {
    const bad = await runCli(['sandbox', '--token-response', 'weird']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--token-response is seed, observed or refresh/);
    const help = await runCli(['sandbox', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--port N[\s\S]*--data-dir D[\s\S]*--token-response/);
  });
});
