/**
 * The fixed-path route table (exact-routes.ts) answers as the `app.get` layers it replaced:
 * paths case-insensitive with an optional trailing slash, HEAD as GET, other methods and paths
 * passed on, a handler's next() to the next handler then past the table, errors (thrown or
 * rejected) to Express's error handler. A real Express app on loopback.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { exactGetRoutes } from '../../src/web/exact-routes.js';

describe('exactGetRoutes', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    const app = express();
    app.use(
      exactGetRoutes({
        '/a/b': [(_req, res) => void res.send('ab')],
        '/guarded': [(req, _res, next) => (req.query.ok === '1' ? next() : next(new Error('refused'))), (_req, res) => void res.send('in')],
        '/passes': [(_req, _res, next) => next()],
        '/skips': [(_req, _res, next) => next('route'), (_req, res) => void res.send('not reached')],
        '/throws': [
          () => {
            throw new Error('thrown');
          },
        ],
        '/rejects': [async () => Promise.reject(new Error('rejected'))],
      }),
    );
    app.use((req, res) => void res.status(404).send(`after ${req.method} ${req.path}`));
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => void res.status(500).send(`error ${err.message}`));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const text = async (path: string, method = 'GET') => {
    const res = await fetch(`${base}${path}`, { method });
    return `${res.status} ${await res.text()}`;
  };

  it('matches as Express does: case-insensitive, a trailing slash allowed, the query ignored', async () => {
    assert.equal(await text('/a/b'), '200 ab');
    assert.equal(await text('/A/B/'), '200 ab');
    assert.equal(await text('/a/b?x=1'), '200 ab');
    assert.equal(await text('/a/b/c'), '404 after GET /a/b/c');
    assert.equal(await text('/a'), '404 after GET /a');
  });

  it('answers HEAD as GET and passes other methods on', async () => {
    const head = await fetch(`${base}/a/b`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await text('/a/b', 'POST'), '404 after POST /a/b');
  });

  it("runs a route's handlers in order; next() past the last one, or next('route'), goes on past the table", async () => {
    assert.equal(await text('/guarded?ok=1'), '200 in');
    assert.equal(await text('/passes'), '404 after GET /passes');
    assert.equal(await text('/skips'), '404 after GET /skips');
  });

  it("gives errors to Express's error handler: next(err), a throw, a rejected promise", async () => {
    assert.equal(await text('/guarded'), '500 error refused');
    assert.equal(await text('/throws'), '500 error thrown');
    assert.equal(await text('/rejects'), '500 error rejected');
  });
});
