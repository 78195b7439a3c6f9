/**
 * The two-command start: `npm start` with no Samsung credentials runs the portal and the sandbox,
 * and a user signs in end to end. Runs the real entry point as a child process.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port.js';
import { TestBrowser } from '../helpers/browser.js';
import { signIn, apiSession } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';

describe('npm start in sandbox mode (no Samsung credentials)', () => {
  let child: ChildProcess;
  let output = '';
  let portalUrl: string;
  let dataDir: string;

  before(async () => {
    const port = await freePort();
    let sandboxPort = await freePort();
    while (sandboxPort === port) sandboxPort = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'sak-start-'));
    portalUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        SANDBOX_PORT: String(sandboxPort),
        BASE_URL: portalUrl,
        DATA_DIR: dataDir,
        ENV_FILE: join(dataDir, 'none.env'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!output.includes('Portal:')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`portal did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  });

  it('says clearly on the console that it runs against the sandbox', () => {
    assert.match(output, /SANDBOX MODE/);
    assert.match(output, /Alex Kim/);
  });

  it('serves the home page with the sign-in button', async () => {
    const res = await fetch(`${portalUrl}/`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Sign in with Samsung Account/);
  });

  it('signs a demo user in end to end and shows /account', async () => {
    const browser = new TestBrowser();
    const walk = await signIn(browser, portalUrl, 'y0zpz1a2b3');
    assert.equal(walk.landing.status, 200);
    assert.match(walk.landing.body, /y0zpz1a2b3/);
    assert.equal((await apiSession(browser, portalUrl)).status, 200);
  });

  it('configures the demo service account for the demo users: the admin mints and lists contents', async () => {
    const browser = new TestBrowser();
    await signIn(browser, portalUrl, 'y0zpz1a2b3');
    const csrf = (await apiSession(browser, portalUrl)).body.csrfToken as string;
    const accounts = await api(browser, portalUrl, 'GET', '/api/galaxy/accounts', { csrf });
    assert.equal(accounts.status, 200);
    assert.equal(accounts.body.length, 1);
    const id = accounts.body[0].id as string;
    const minted = await api(browser, portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf });
    assert.equal(minted.status, 201, minted.text);
    const contents = await api(browser, portalUrl, 'GET', `/api/galaxy/accounts/${id}/contents`, { csrf });
    assert.equal(contents.status, 200);
    assert.ok(contents.body.length > 0);
  });

  it('gives the demo users the three roles: Sam Lee releases through the embedded upload host, Eva Novak views', async () => {
    const sam = new TestBrowser();
    await signIn(sam, portalUrl, 'y0zpz4c5d6');
    const csrf = (await apiSession(sam, portalUrl)).body.csrfToken as string;
    const [account] = (await api(sam, portalUrl, 'GET', '/api/galaxy/accounts', { csrf })).body;
    assert.equal(account.role, 'releaser');
    const base = `${portalUrl}/api/galaxy/accounts/${account.id}/apps`;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(1000)]), 'demo.apk');
    const res = await fetch(`${base}/000007654321/binaries`, { method: 'POST', body: form, headers: { cookie: sam.cookieHeader(portalUrl), origin: portalUrl, 'x-csrf-token': csrf } });
    assert.equal(res.status, 201, await res.text());
    const page = await sam.get(`${portalUrl}/apps`);
    assert.match(page.body, /Space Runner/);

    const eva = new TestBrowser();
    await signIn(eva, portalUrl, 'y0zpz7e8f9');
    const evaCsrf = (await apiSession(eva, portalUrl)).body.csrfToken as string;
    const refused = await api(eva, portalUrl, 'POST', `/api/galaxy/accounts/${account.id}/apps/000007654321/submit`, { csrf: evaCsrf });
    assert.equal(refused.status, 403);
  });

  it('keeps its data under DATA_DIR only, private', () => {
    assert.ok(existsSync(dataDir));
    assert.deepEqual(readdirSync(dataDir).sort(), ['galaxy-inventory.json', 'sandbox']);
    assert.equal(statSync(join(dataDir, 'galaxy-inventory.json')).mode & 0o077, 0);
    assert.equal(statSync(join(dataDir, 'sandbox', 'token-encryption-key')).mode & 0o077, 0);
  });
});
