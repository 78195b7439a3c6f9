import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAccessToken } from '../../src/galaxy/access-token.js';
import { callGalaxyApi, GalaxyApiClient } from '../../src/galaxy/api-client.js';
import { createGalaxyJwt } from '../../src/galaxy/create-jwt.js';
import { GalaxyApiError } from '../../src/galaxy/galaxy-error.js';
import { loadPrivateKey } from '../../src/galaxy/load-private-key.js';
import type { FetchLike } from '../../src/http/request.js';
import { SamsungAuthError } from '../../src/errors.js';
import { startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';

let sb: GalaxyTestSandbox;
let accessToken: string;
let api: GalaxyApiClient;
const seen: { method: string; url: string; headers: Headers; body: unknown }[] = [];
const spy: FetchLike = (input, init) => {
  seen.push({ method: init.method ?? 'GET', url: String(input), headers: new Headers(init.headers), body: init.body });
  return fetch(input, init);
};

before(async () => {
  sb = await startGalaxySandbox();
  const privateKey = await loadPrivateKey({ file: sb.demoKeyFile });
  const jwt = createGalaxyJwt({ serviceAccountId: sb.demoId, scopes: ['publishing'], privateKey });
  accessToken = (await requestAccessToken({ apiUrl: sb.url, jwt })).accessToken;
  api = new GalaxyApiClient({ apiUrl: sb.url, serviceAccountId: sb.demoId, accessToken, fetch: spy, timeoutMs: 2000 });
});
after(async () => {
  await sb.close();
});

async function rejectsWith(p: Promise<unknown>, code: string): Promise<SamsungAuthError> {
  const err = await p.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SamsungAuthError, String(err));
  assert.equal(err.code, code, err.message);
  assert.ok(!err.message.includes(accessToken) && !(err.hint ?? '').includes(accessToken), 'token in message');
  return err;
}

describe('typed helpers against the sandbox', () => {
  test('contentList, contentInfo, iapItems, contentSubmit', async () => {
    const list = await api.contentList();
    const game = list.find((c) => c.contentId === '000007654321');
    assert.ok(game);
    assert.deepEqual(Object.keys(game).sort(), ['contentId', 'contentName', 'contentStatus', 'modifyDate', 'paid', 'standardPrice']);

    const info = await api.contentInfo('000007654321');
    assert.equal(info[0]?.contentId, '000007654321');
    assert.deepEqual(await api.contentInfo('000000000001'), []);

    const items = await api.iapItems('com.example.mygame', { page: 1, size: 1 });
    assert.equal(items.length, 1);
    assert.equal(typeof items[0]?.id, 'string');
    assert.match(seen.at(-1)?.url ?? '', /\/iap\/v6\/applications\/com\.example\.mygame\/items\?page=1&size=1$/);

    seen.length = 0;
    await api.contentSubmit('000007654321');
    const submit = seen[0];
    assert.equal(submit?.method, 'POST');
    assert.equal(submit?.headers.get('content-type'), 'application/json');
    assert.equal(submit?.body, '{"contentId":"000007654321"}');
    const records = await api.contentInfo('000007654321');
    assert.deepEqual(records.map((r) => [r.contentStatus, r.appStatus]), [['FOR_SALE', 'SALE'], ['UNDER_REVIEW', 'REGISTRATION']], 'the live record and the draft in review');
  });

  test('every call carries Authorization and service-account-id; GET carries no content-type', async () => {
    seen.length = 0;
    await api.contentList();
    assert.equal(seen[0]?.headers.get('authorization'), `Bearer ${accessToken}`);
    assert.equal(seen[0]?.headers.get('service-account-id'), sb.demoId);
    assert.equal(seen[0]?.headers.get('content-type'), null);
  });

  test('the generic call reaches any path and returns status and data', async () => {
    const res = await callGalaxyApi<{ ok: boolean }>({
      apiUrl: sb.url,
      serviceAccountId: sb.demoId,
      accessToken,
      method: 'GET',
      path: '/auth/checkAccessToken',
    });
    assert.deepEqual(res, { status: 200, data: { ok: true } });
    const submit = await callGalaxyApi({
      apiUrl: sb.url,
      serviceAccountId: sb.demoId,
      accessToken,
      method: 'POST',
      path: '/seller/contentSubmit',
      body: { contentId: '000001234567' },
    });
    assert.deepEqual(submit, { status: 204, data: undefined });
  });

  test('bad input is refused before any request', async () => {
    seen.length = 0;
    await rejectsWith(api.contentInfo('../etc'), 'GALAXY_INVALID_INPUT');
    await rejectsWith(api.iapItems('com.example/../x'), 'GALAXY_INVALID_INPUT');
    await rejectsWith(api.iapItems('com.example.mygame', { size: 0 }), 'GALAXY_INVALID_INPUT');
    await rejectsWith(api.call({ method: 'GET', path: '/a/../b' }), 'GALAXY_INVALID_INPUT');
    await rejectsWith(api.call({ method: 'GET', path: '//evil.example/x' }), 'GALAXY_INVALID_INPUT');
    await rejectsWith(api.call({ method: 'GET', path: '/x', body: {} }), 'GALAXY_INVALID_INPUT');
    assert.throws(() => new GalaxyApiClient({ serviceAccountId: 'a', accessToken: 'bad token\r\nx: y' }), { code: 'GALAXY_INVALID_INPUT' });
    assert.equal(seen.length, 0);
  });
});

describe('transport protections (sandbox faults)', () => {
  test('a redirect is not followed with the token', async () => {
    let hits = 0;
    const { default: http } = await import('node:http');
    const elsewhere = http.createServer((_req, res) => {
      hits += 1;
      res.end('{}');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    const port = (elsewhere.address() as { port: number }).port;
    sb.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'redirect', status: 302, location: `http://127.0.0.1:${port}/steal` } });
    await rejectsWith(api.contentList(), 'UPSTREAM_REDIRECT');
    assert.equal(hits, 0);
    elsewhere.close();
  });

  test('a 303 See Other is handed back for polling, not followed', async () => {
    sb.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'redirect', status: 303, location: '/seller/poll/1' } });
    const res = await api.call({ method: 'GET', path: '/seller/contentList' });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/seller/poll/1');
  });

  test('an oversized body is cut off', async () => {
    const small = new GalaxyApiClient({ apiUrl: sb.url, serviceAccountId: sb.demoId, accessToken, maxBodyBytes: 1024 });
    sb.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'huge-body', bytes: 10_000 } });
    await rejectsWith(small.contentList(), 'UPSTREAM_BODY_TOO_LARGE');
  });

  test('a non-JSON success is UPSTREAM_INVALID_RESPONSE; a non-JSON error is a GalaxyApiError', async () => {
    sb.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'malformed' } });
    await rejectsWith(api.contentList(), 'UPSTREAM_INVALID_RESPONSE');
    sb.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'status', status: 502, body: 'Bad gateway' } });
    const err = await rejectsWith(api.contentList(), 'GALAXY_API_ERROR');
    assert.ok(err instanceof GalaxyApiError);
    assert.equal(err.httpStatus, 502);
    assert.equal(err.galaxyCode, 'UNKNOWN');
    assert.match(err.hint ?? '', /try again later/);
  });

  test('a hanging server hits the time budget; a dropped connection is UPSTREAM_UNREACHABLE', async () => {
    const quick = new GalaxyApiClient({ apiUrl: sb.url, serviceAccountId: sb.demoId, accessToken, timeoutMs: 200 });
    sb.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'hang' } });
    const started = Date.now();
    await rejectsWith(quick.contentList(), 'UPSTREAM_TIMEOUT');
    assert.ok(Date.now() - started < 2000);
    sb.sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'drop' } });
    await rejectsWith(quick.contentList(), 'UPSTREAM_UNREACHABLE');
  });

  test('plain http to a non-loopback host is refused unless allowed', async () => {
    await rejectsWith(
      callGalaxyApi({ apiUrl: 'http://galaxy.example', serviceAccountId: 'a', accessToken: 't', method: 'GET', path: '/x' }),
      'GALAXY_INVALID_INPUT',
    );
    let called = false;
    const fake: FetchLike = async () => {
      called = true;
      return new Response('{"ok":true}', { status: 200 });
    };
    const res = await callGalaxyApi({
      apiUrl: 'http://sandbox:3001',
      allowInsecureHttp: true,
      fetch: fake,
      serviceAccountId: 'a',
      accessToken: 't',
      method: 'GET',
      path: '/auth/checkAccessToken',
    });
    assert.ok(called);
    assert.deepEqual(res.data, { ok: true });
  });
});
