/**
 * sessionCookieName(req) (what sign-out clears) names the cookie of the middleware that served
 * the request: one name per store needs no per-request record, and a store shared by two
 * middlewares under two names still gives each request its own. Real Express apps on loopback.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSessionMiddleware, sessionCookieName } from '../../src/web/session.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';

const SECRET = 'a-session-secret-of-at-least-32-bytes!';

async function nameSeenBy(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/name`);
    return await res.text();
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function appWith(store: MemorySessionStore, cookieName: string): express.Express {
  const app = express();
  app.use(createSessionMiddleware({ secrets: [SECRET], baseUrl: 'http://127.0.0.1', store, cookieName }));
  app.get('/name', (req, res) => void res.send(sessionCookieName(req) ?? 'none'));
  return app;
}

describe('sessionCookieName', () => {
  it('names the cookie of the middleware that served the request, also when two share a store', async () => {
    const own = new MemorySessionStore();
    const shared = new MemorySessionStore();
    try {
      assert.equal(await nameSeenBy(appWith(own, 'solo.sid')), 'solo.sid');
      const first = appWith(shared, 'first.sid');
      assert.equal(await nameSeenBy(first), 'first.sid');
      const second = appWith(shared, 'second.sid');
      assert.equal(await nameSeenBy(second), 'second.sid');
      assert.equal(await nameSeenBy(first), 'first.sid', 'the first still sees its own name');
    } finally {
      own.close();
      shared.close();
    }
  });
});
