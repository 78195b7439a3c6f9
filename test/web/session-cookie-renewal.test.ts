/**
 * The session cookie is renewed at most once per renewal interval, not on every response, while
 * every request still moves the server-side idle deadline; anonymous visitors get nothing stored.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSessionMiddleware, cookieRenewalMs, cookieSentNow } from '../../src/web/session.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';

const SECRET = 'renewal-test-secret-0123456789-abcdefghijklmnop';

describe('session cookie renewal', () => {
  let clock = Date.now();
  const store = new MemorySessionStore();
  let server: http.Server;
  let url = '';

  before(async () => {
    const app = express();
    app.use(createSessionMiddleware({ secrets: [SECRET], baseUrl: 'http://127.0.0.1', idleMinutes: 30, store, now: () => clock }));
    app.post('/sign-in', (req, res) => {
      req.session.samsungAuth = { user: { id: 'u1', signedInAt: Date.now(), accessToken: 't' } };
      res.end('ok');
    });
    app.post('/sign-in-marked', (req, res) => {
      req.session.samsungAuth = { user: { id: 'u2', signedInAt: Date.now(), accessToken: 't' } };
      cookieSentNow(req, clock);
      res.end('ok');
    });
    app.get('/read', (req, res) => {
      res.end(req.session.samsungAuth?.user?.id ?? 'anonymous');
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    store.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const setCookie = (res: Response) => res.headers.getSetCookie()[0];

  it('renews every minute with the default 30-minute idle timeout, and a tenth of shorter ones', () => {
    assert.equal(cookieRenewalMs(30), 60_000);
    assert.equal(cookieRenewalMs(5), 30_000);
  });

  it('sends the cookie when the session changes, then at most once per interval, with a fresh expiry', async () => {
    const signIn = await fetch(`${url}/sign-in`, { method: 'POST' });
    const first = setCookie(signIn);
    assert.ok(first, 'a new session sends its cookie');
    const cookie = first.split(';')[0]!;

    const due = await fetch(`${url}/read`, { headers: { cookie } });
    assert.equal(await due.text(), 'u1');
    assert.ok(setCookie(due), 'a session never renewed is renewed on its first read');

    for (let i = 0; i < 3; i++) {
      clock += 10_000;
      const read = await fetch(`${url}/read`, { headers: { cookie } });
      assert.equal(await read.text(), 'u1');
      assert.equal(setCookie(read), undefined, 'no Set-Cookie within the renewal interval');
    }

    clock += 31_000; // 61 s after the last renewal
    const renewed = await fetch(`${url}/read`, { headers: { cookie } });
    const again = setCookie(renewed);
    assert.ok(again, 'renewed once the interval has passed');
    assert.equal(again.split(';')[0], cookie, 'same session id');
    const expires = Date.parse(/Expires=([^;]+)/i.exec(again)![1]!);
    assert.ok(Math.abs(expires - (Date.now() + 30 * 60_000)) < 5_000, 'expiry moved to now + idle timeout');
  });

  it('a sign-in that records its cookie is not renewed again on the next requests', async () => {
    const signIn = await fetch(`${url}/sign-in-marked`, { method: 'POST' });
    const cookie = setCookie(signIn)!.split(';')[0]!;
    const read = await fetch(`${url}/read`, { headers: { cookie } });
    assert.equal(await read.text(), 'u2');
    assert.equal(setCookie(read), undefined);
  });

  it('every read moves the stored expiry, renewed cookie or not (the idle timeout is enforced server-side)', async () => {
    const signIn = await fetch(`${url}/sign-in`, { method: 'POST' });
    const cookie = setCookie(signIn)!.split(';')[0]!;
    const sid = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
    const touched: string[] = [];
    const touch = store.touch.bind(store);
    store.touch = (id, data, cb) => {
      touched.push(id);
      touch(id, data, cb);
    };
    try {
      await (await fetch(`${url}/read`, { headers: { cookie } })).text();
      await (await fetch(`${url}/read`, { headers: { cookie } })).text();
    } finally {
      store.touch = touch;
    }
    assert.ok(touched.filter((id) => id === sid).length >= 1, 'the store was touched without a cookie renewal');
  });

  it('stores nothing and sends no cookie for anonymous reads', async () => {
    const before = store.size;
    const read = await fetch(`${url}/read`);
    assert.equal(await read.text(), 'anonymous');
    assert.equal(setCookie(read), undefined);
    assert.equal(store.size, before);
  });
});
