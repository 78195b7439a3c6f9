import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpRequest } from '../../src/http/request.js';
import { SamsungAuthError } from '../../src/errors.js';

describe('httpRequest: the one place that calls the network', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
        return; // never ends
      }
      if (req.url === '/redirect') return void res.writeHead(302, { location: 'https://evil.example/' }).end();
      if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(2000));
      if (req.url === '/big-chunked') {
        res.writeHead(200);
        for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const fails = (code: string) => (e: unknown) => e instanceof SamsungAuthError && e.code === code;

  it('reads a normal answer', async () => {
    const res = await httpRequest({ method: 'GET', url: `${base}/`, timeoutMs: 1000 });
    assert.equal(res.status, 200);
    assert.equal(res.text, '{"ok":true}');
  });
  it('bounds the body read by the time budget too', async () => {
    await assert.rejects(httpRequest({ method: 'GET', url: `${base}/slow-body`, timeoutMs: 200 }), fails('UPSTREAM_TIMEOUT'));
  });
  it('does not follow redirects', async () => {
    const res = await httpRequest({ method: 'GET', url: `${base}/redirect`, timeoutMs: 1000 });
    assert.equal(res.status, 302);
  });
  it('caps the body, declared or streamed', async () => {
    await assert.rejects(httpRequest({ method: 'GET', url: `${base}/big`, timeoutMs: 1000, maxBodyBytes: 1000 }), fails('UPSTREAM_BODY_TOO_LARGE'));
    await assert.rejects(httpRequest({ method: 'GET', url: `${base}/big-chunked`, timeoutMs: 1000, maxBodyBytes: 1000 }), fails('UPSTREAM_BODY_TOO_LARGE'));
  });
  it('reports an unreachable host without the query string', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(httpRequest({ method: 'GET', url: `http://127.0.0.1:${port}/x?code=SECRET`, timeoutMs: 1000 }), (e: unknown) => {
      assert.ok(fails('UPSTREAM_UNREACHABLE')(e));
      assert.ok(!(e as Error).message.includes('SECRET'));
      return true;
    });
  });
});
