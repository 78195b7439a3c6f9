/**
 * A slow body cannot hold a connection: a request whose body is not in within
 * REQUEST_BODY_TIMEOUT_MS is cut off, while an upload route has the upload budget instead.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startStack, type Stack } from '../helpers/stack.js';
import { signedInBrowser } from '../helpers/sign-in.js';

/** Sends headers and part of a body, then waits; resolves with how long the server kept the socket open (capped). */
function trickle(url: string, path: string, headers: Record<string, string>, waitMs: number): Promise<{ closedAfterMs: number | undefined }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname, () => {
      const head = Object.entries({ host: `${hostname}:${port}`, 'content-length': '100000', ...headers }).map(([k, v]) => `${k}: ${v}`).join('\r\n');
      socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n\r\n--x\r\n`);
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

  it('gives an upload route the upload budget instead', async () => {
    const { browser, csrf } = await signedInBrowser(stack.portalUrl, 'y0zpz1a2b3');
    const id = stack.sandbox.galaxy.demoServiceAccount.id;
    const { closedAfterMs } = await trickle(
      stack.portalUrl,
      `/api/galaxy/accounts/${id}/apps/000007654321/binaries`,
      { 'content-type': 'multipart/form-data; boundary=x', cookie: browser.cookieHeader(stack.portalUrl), origin: stack.portalUrl, 'x-csrf-token': csrf },
      1500,
    );
    // No token minted: the upload answers 409 once its body is read; here it is still arriving.
    assert.equal(closedAfterMs, undefined, 'the upload was still allowed to arrive');
  });
});
