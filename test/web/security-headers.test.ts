/** securityHeaders() in an integrator's own Express app: helmet's headers, worked out once, on every response. */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { helmetOptions, securityHeaders } from '../../src/web/security-headers.js';

async function serve(app: express.Express): Promise<{ url: string; server: http.Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('securityHeaders', () => {
  const servers: http.Server[] = [];
  after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  it("sends helmet's headers on every response, removes X-Powered-By (Express's default is on) and leaves a route's own headers alone", async () => {
    const app = express();
    app.use(securityHeaders({ baseUrl: 'https://portal.example.com', accountUrl: 'https://account.samsung.com/path' }));
    app.get('/a', (_req, res) => res.set('x-frame-options', 'SAMEORIGIN').send('a'));
    app.get('/b', (_req, res) => res.send('b'));
    const { url, server } = await serve(app);
    servers.push(server);
    const a = await fetch(`${url}/a`);
    const b = await fetch(`${url}/b`);
    for (const res of [a, b]) {
      assert.equal(res.headers.get('x-powered-by'), null);
      assert.match(res.headers.get('content-security-policy') ?? '', /form-action 'self' https:\/\/account\.samsung\.com;/);
      assert.match(res.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
      assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    }
    assert.equal(a.headers.get('x-frame-options'), 'SAMEORIGIN', "a route's own value wins");
    assert.equal(b.headers.get('x-frame-options'), 'DENY', 'and does not carry over to the next response');
  });

  it('sends what helmet itself sends per request for the same policy, on http and on https', async () => {
    const headersOf = async (app: express.Express) => {
      const { url, server } = await serve(app);
      servers.push(server);
      const res = await fetch(url);
      const h: Record<string, string> = {};
      res.headers.forEach((value, name) => (h[name] = value));
      delete h.date;
      delete h.etag;
      return h;
    };
    for (const https of [false, true]) {
      const settings = { baseUrl: https ? 'https://portal.example.com' : 'http://127.0.0.1:3000', accountUrl: 'https://account.samsung.com' };
      const ours = express();
      ours.use(securityHeaders(settings));
      ours.get('/', (_req, res) => res.send('x'));
      const theirs = express();
      // helmet run on every request, as securityHeaders did before it worked the headers out once.
      const perRequest = helmet(helmetOptions(settings));
      theirs.use((req, res, next) => perRequest(req, res, next));
      theirs.get('/', (_req, res) => res.send('x'));
      const ourHeaders = await headersOf(ours);
      assert.equal(ourHeaders['strict-transport-security'] !== undefined, https, `HSTS on https only (https: ${https})`);
      assert.deepEqual(ourHeaders, await headersOf(theirs), `https: ${https}`);
    }
  });
});
