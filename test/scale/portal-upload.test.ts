/**
 * Uploads through the portal process (`src/server.ts`): a 256 MiB binary streams from the client
 * to the sandbox's upload host while the portal's RSS stays flat (growth under 32 MiB), and a
 * client that disconnects mid-upload leaves no binary, whole or partial, at the sandbox.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { deploymentEnv, startPortalProcess, type PortalProcess } from '../helpers/portal-process.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import type { TestBrowser } from '../helpers/browser.js';

const ADMIN = 'y0zpz1a2b3';
const RELEASER = 'y0zpz4c5d6';
const GAME = '000007654321';
const MIB = 1024 * 1024;

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) * 1024;
}

/**
 * POSTs a multipart body with one file of `totalBytes` (the same 1 MiB chunk over and over, so the
 * test itself holds no big buffer); with `cutAfter`, destroys the connection after that many bytes.
 */
function sendUpload(url: string, browser: TestBrowser, csrf: string, origin: string, totalBytes: number, cutAfter?: number): Promise<{ status: number; body: string } | 'cut'> {
  const boundary = 'portal-upload-test-boundary';
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.apk"\r\ncontent-type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(MIB, 0x5a);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + totalBytes + tail.length),
        cookie: browser.cookieHeader(origin),
        origin,
        'x-csrf-token': csrf,
        accept: 'application/json',
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err) => (cutAfter !== undefined ? resolve('cut') : reject(err)));
    void (async () => {
      const write = (b: Buffer) => new Promise<void>((ok) => (req.write(b) ? ok() : req.once('drain', ok)));
      await write(head);
      let sent = 0;
      while (sent < totalBytes) {
        if (cutAfter !== undefined && sent >= cutAfter) {
          req.destroy();
          resolve('cut');
          return;
        }
        const n = Math.min(MIB, totalBytes - sent);
        await write(n === MIB ? chunk : chunk.subarray(0, n));
        sent += n;
      }
      req.end(tail);
    })();
  });
}

describe('uploads through the portal process', () => {
  let sandbox: Sandbox;
  let portal: PortalProcess;
  let releaser: { browser: TestBrowser; csrf: string };
  let path: string;

  before(async () => {
    sandbox = await startSandbox();
    portal = await startPortalProcess(deploymentEnv(sandbox, { operators: [ADMIN], roles: { [RELEASER]: 'releaser' }, extra: { GALAXY_MAX_UPLOAD_MB: '512' } }));
    sandbox.account.registerRedirectUri(`${portal.url}/auth/callback`);
    const admin = await signedInBrowser(portal.url, ADMIN);
    const id = sandbox.galaxy.demoServiceAccount.id;
    assert.equal((await api(admin.browser, portal.url, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf: admin.csrf })).status, 201);
    releaser = await signedInBrowser(portal.url, RELEASER);
    path = `${portal.url}/api/galaxy/accounts/${id}/apps/${GAME}/binaries`;
  });
  after(async () => {
    await portal?.stop();
    await sandbox?.close();
  });

  it('relays 256 MiB with the portal RSS growing under 32 MiB', async () => {
    const warm = await sendUpload(path, releaser.browser, releaser.csrf, portal.url, 64 * MIB);
    assert.ok(warm !== 'cut' && warm.status === 201, JSON.stringify(warm));
    const pid = portal.child.pid!;
    const baseline = rssOf(pid);
    let peak = baseline;
    const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
    const answer = await sendUpload(path, releaser.browser, releaser.csrf, portal.url, 256 * MIB);
    clearInterval(timer);
    assert.ok(answer !== 'cut' && answer.status === 201, JSON.stringify(answer).slice(0, 400));
    assert.equal(JSON.parse(answer.body).fileSize, String(256 * MIB));
    const growth = peak - baseline;
    console.log(`portal RSS ${Math.round(baseline / MIB)} MiB -> peak ${Math.round(peak / MIB)} MiB (+${(growth / MIB).toFixed(1)} MiB) for a 256 MiB upload`);
    assert.ok(growth < 32 * MIB, `RSS grew by ${(growth / MIB).toFixed(1)} MiB`);
  });

  it('a client that disconnects mid-upload leaves no binary at the sandbox, and the portal goes on', async () => {
    const files = sandbox.galaxy.uploadedFiles();
    const binaries = sandbox.galaxy.publishing.find(GAME)!.draft!.binaries.length;
    assert.equal(await sendUpload(path, releaser.browser, releaser.csrf, portal.url, 64 * MIB, 16 * MIB), 'cut');
    // Give the portal time to notice and cut its own upload.
    for (let i = 0; i < 50 && sandbox.counters.get('galaxy.fileUpload') === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(sandbox.galaxy.uploadedFiles(), files, 'no file stored');
    assert.equal(sandbox.galaxy.publishing.find(GAME)!.draft!.binaries.length, binaries, 'no binary added');
    const after = await sendUpload(path, releaser.browser, releaser.csrf, portal.url, MIB);
    assert.ok(after !== 'cut' && after.status === 201, 'the next upload works (a new upload session)');
  });
});
