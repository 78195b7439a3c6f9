/**
 * A slow body cannot hold a connection: a request whose body is not in within
 * REQUEST_BODY_TIMEOUT_MS is cut off, while an upload route has the upload budget instead.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startStack, type Stack } from '../helpers/stack.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';

/**
 * Sends headers and part of a body, then waits; resolves with how long the server kept the socket
 * open (capped). A header given as '' is left out (e.g. the default content-length).
 */
function trickle(url: string, path: string, headers: Record<string, string>, waitMs: number, first = '--x\r\n'): Promise<{ closedAfterMs: number | undefined }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname, () => {
      const head = Object.entries({ host: `${hostname}:${port}`, 'content-length': '100000', ...headers })
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n\r\n${first}`);
    });
    const done = (closedAfterMs: number | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ closedAfterMs });
    };
    socket.on('close', () => done(Date.now() - started));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => done(undefined), waitMs);
  });
}

describe('request body deadline', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ galaxy: { operators: ['y0zpz1a2b3'] }, env: { REQUEST_BODY_TIMEOUT_MS: '300' } });
  });
  after(() => stack.close());

  it('cuts a body that trickles past REQUEST_BODY_TIMEOUT_MS', async () => {
    const { closedAfterMs } = await trickle(stack.portalUrl, '/auth/logout', { 'content-type': 'application/x-www-form-urlencoded' }, 3000);
    assert.ok(closedAfterMs !== undefined && closedAfterMs < 2500, `closed after ${closedAfterMs} ms`);
  });

  it('cuts a chunked body (no Content-Length) that trickles past REQUEST_BODY_TIMEOUT_MS', async () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '', 'transfer-encoding': 'chunked' };
    const { closedAfterMs } = await trickle(stack.portalUrl, '/auth/logout', headers, 3000, '5\r\nabcde\r\n');
    assert.ok(closedAfterMs !== undefined && closedAfterMs < 2500, `closed after ${closedAfterMs} ms`);
  });

  it('gives an upload the upload budget once its file part has begun (and not before)', async () => {
    const { browser, csrf } = await signedInBrowser(stack.portalUrl, 'y0zpz1a2b3');
    const id = stack.sandbox.galaxy.demoServiceAccount.id;
    assert.equal((await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf })).status, 201);
    const headers = { 'content-type': 'multipart/form-data; boundary=x', cookie: browser.cookieHeader(stack.portalUrl), origin: stack.portalUrl, 'x-csrf-token': csrf };
    const path = `/api/galaxy/accounts/${id}/apps/000007654321/binaries`;
    const beforeFile = await trickle(stack.portalUrl, path, headers, 3000);
    assert.ok(beforeFile.closedAfterMs !== undefined && beforeFile.closedAfterMs < 2500, 'no file part yet: the usual deadline');
    const { closedAfterMs } = await trickle(stack.portalUrl, path, headers, 1500, '--x\r\ncontent-disposition: form-data; name="file"; filename="a.apk"\r\n\r\nabc');
    assert.equal(closedAfterMs, undefined, 'the file is being relayed: it may keep arriving');
  });
});
