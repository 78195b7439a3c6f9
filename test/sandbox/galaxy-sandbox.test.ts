import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import jsonwebtoken from 'jsonwebtoken';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { rawCall, startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';
import { makeRsaKey, tempDir, type TestRsaKey } from '../helpers/galaxy-keys.js';

let sb: GalaxyTestSandbox;
let demoPem: string;

before(async () => {
  sb = await startGalaxySandbox();
  demoPem = await readFile(sb.demoKeyFile, 'utf8');
});
after(async () => {
  await sb.close();
});

const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A JWT signed by hand, so every field can be wrong on purpose. */
function handJwt(claims: Record<string, unknown>, key: string | TestRsaKey['privateKey'] = demoPem, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = now();
  return { iss: sb.demoId, scopes: ['publishing'], iat, exp: iat + 1200, ...over };
}

function mint(jwt: string, extra: { body?: string; noAuth?: boolean } = {}) {
  return rawCall(`${sb.url}/auth/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(extra.noAuth ? {} : { authorization: `Bearer ${jwt}` }) },
    body: extra.body,
  });
}

async function token(scopes: string[] = ['publishing'], account = sb.demoId, key: string | TestRsaKey['privateKey'] = demoPem): Promise<string> {
  const res = await mint(handJwt(claims({ iss: account, scopes }), key));
  assert.equal(res.status, 200, res.text);
  return (res.body as { createdItem: { accessToken: string } }).createdItem.accessToken;
}

function expectError(res: { status: number; body: unknown }, status: number, code: string, message?: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  const body = res.body as { code: string; message: string; from: string };
  assert.equal(body.code, code);
  assert.equal(body.from, 'asgw');
  if (message) assert.equal(body.message, message);
}

describe('POST /auth/accessToken', () => {
  test('success: {"ok":true,"createdItem":{"accessToken"}}, tokens random and >= 128 bits', async () => {
    const res = await mint(handJwt(claims()));
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body as object), ['ok', 'createdItem']);
    const a = (res.body as { createdItem: { accessToken: string } }).createdItem.accessToken;
    assert.match(a, /^[A-Za-z0-9_-]{22,}$/);
    assert.ok(Buffer.from(a, 'base64url').length * 8 >= 128);
    assert.notEqual(await token(), a);
  });

  test('exp - iat = 1201 -> 422; exactly 1200 -> 200', async () => {
    const iat = now();
    expectError(await mint(handJwt(claims({ iat, exp: iat + 1201 }))), 422, 'REQUEST_VALIDATION_FAILED');
    assert.equal((await mint(handJwt(claims({ iat, exp: iat + 1200 })))).status, 200);
  });

  test('expired, iat in the future beyond the skew, exp before iat, non-integer times -> 422', async () => {
    const t = now();
    for (const c of [
      { iat: t - 1300, exp: t - 100 },
      { iat: t + 120, exp: t + 600 },
      { iat: t, exp: t - 1 },
      { iat: String(t), exp: t + 60 },
      { iat: t + 0.5, exp: t + 60 },
    ]) {
      expectError(await mint(handJwt(claims(c))), 422, 'REQUEST_VALIDATION_FAILED');
    }
    assert.equal((await mint(handJwt(claims({ iat: t + 30, exp: t + 600 })))).status, 200, 'a small skew is tolerated');
  });

  test('alg HS256 (public key as HMAC secret) and alg none are refused', async () => {
    const publicPem = (await import('node:crypto')).createPublicKey(demoPem).export({ type: 'spki', format: 'pem' }) as string;
    const hs = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims())}`;
    const { createHmac } = await import('node:crypto');
    const hsJwt = `${hs}.${createHmac('sha256', publicPem).update(hs).digest('base64url')}`;
    expectError(await mint(hsJwt), 401, 'AUTH_REQUIRE');
    const none = jsonwebtoken.sign(claims(), '', { algorithm: 'none' });
    expectError(await mint(none), 401, 'AUTH_REQUIRE');
    expectError(await mint(`${b64({ alg: 'RS384', typ: 'JWT' })}.${b64(claims())}.sig`), 401, 'AUTH_REQUIRE');
  });

  test('unknown iss or a signature by another key -> 401 AUTH_REQUIRE', async () => {
    expectError(await mint(handJwt(claims({ iss: 'nobody' }))), 401, 'AUTH_REQUIRE');
    expectError(await mint(handJwt(claims(), makeRsaKey().privateKey)), 401, 'AUTH_REQUIRE');
    const [h, p, s] = handJwt(claims()).split('.');
    const tampered = `${h}.${b64({ ...claims(), scopes: ['publishing', 'gss'] })}.${s}`;
    void p;
    expectError(await mint(tampered), 401, 'AUTH_REQUIRE');
  });

  test('a scope the account lacks -> 403 NO_PERMISSION; unknown or duplicate scopes are refused', async () => {
    const { id, key } = sb.addAccount(['gss']);
    expectError(await mint(handJwt(claims({ iss: id, scopes: ['publishing'] }), key.privateKey)), 403, 'NO_PERMISSION');
    expectError(await mint(handJwt(claims({ iss: id, scopes: ['gss', 'admin'] }), key.privateKey)), 403, 'NO_PERMISSION');
    expectError(await mint(handJwt(claims({ iss: id, scopes: ['gss', 'gss'] }), key.privateKey)), 422, 'REQUEST_VALIDATION_FAILED');
    expectError(await mint(handJwt(claims({ iss: id, scopes: [] }), key.privateKey)), 422, 'REQUEST_VALIDATION_FAILED');
    assert.equal((await mint(handJwt(claims({ iss: id, scopes: ['gss'] }), key.privateKey))).status, 200);
  });

  test('the JWT in the body instead of the header -> 401', async () => {
    const jwt = handJwt(claims());
    expectError(await mint(jwt, { noAuth: true, body: JSON.stringify({ jwt }) }), 401, 'AUTH_REQUIRE');
    expectError(await mint(jwt, { noAuth: true, body: jwt }), 401, 'AUTH_REQUIRE');
  });

  test('the body must be empty even with the JWT in the header, and content-type must be application/json (seed 001)', async () => {
    const jwt = handJwt(claims());
    expectError(await mint(jwt, { body: '{}' }), 401, 'AUTH_REQUIRE');
    const noType = await rawCall(`${sb.url}/auth/accessToken`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } });
    assert.equal(noType.status, 400);
    assert.equal((await mint(jwt)).status, 200);
  });

  test('malformed JWTs are refused', async () => {
    for (const bad of ['abc', 'a.b', 'a.b.c.d', `${b64({ alg: 'RS256' })}.notjson.sig`]) {
      const res = await mint(bad);
      assert.ok(res.status === 401 || res.status === 422, `${bad}: ${res.status}`);
    }
  });
});

describe('check, revoke and the sample APIs', () => {
  const check = (t: string | undefined, account: string | undefined, path = '/auth/checkAccessToken', method = 'GET') =>
    rawCall(`${sb.url}${path}`, {
      method,
      headers: { ...(t ? { authorization: `Bearer ${t}` } : {}), ...(account ? { 'service-account-id': account } : {}) },
    });

  test('both headers are required on check and revoke', async () => {
    const t = await token();
    expectError(await check(t, undefined), 401, 'AUTH_REQUIRE');
    expectError(await check(t, undefined, '/auth/revokeAccessToken', 'DELETE'), 401, 'AUTH_REQUIRE');
    expectError(await check(undefined, sb.demoId), 401, 'AUTH_REQUIRE', 'Invalid accessToken');
    const ok = await check(t, sb.demoId);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { ok: true });
  });

  test('unknown service account, another account\'s token, revoked token -> 401 with the seed bodies', async () => {
    const t = await token();
    expectError(await check(t, 'nobody'), 401, 'AUTH_REQUIRE', 'Not found service account by serviceAccountId');
    const other = sb.addAccount(['publishing', 'gss']);
    expectError(await check(t, other.id), 401, 'AUTH_REQUIRE', 'Invalid accessToken');
    const revoke = await check(t, sb.demoId, '/auth/revokeAccessToken', 'DELETE');
    assert.equal(revoke.status, 200);
    assert.deepEqual(revoke.body, { ok: true });
    assert.deepEqual((await check(t, sb.demoId)).body, { code: 'AUTH_REQUIRE', message: 'Invalid accessToken', from: 'asgw' });
    expectError(await check(t, sb.demoId, '/auth/revokeAccessToken', 'DELETE'), 401, 'AUTH_REQUIRE', 'Invalid accessToken');
    expectError(await check('never-issued-token', sb.demoId), 401, 'AUTH_REQUIRE', 'Invalid accessToken');
  });

  test('sample APIs need both headers and the publishing scope; a gss-only token gets 403 NO_PERMISSION', async () => {
    const pub = await token(['publishing']);
    const gss = await token(['gss']);
    for (const path of ['/seller/contentList', '/seller/contentInfo?contentId=000007654321', '/iap/v6/applications/com.example.mygame/items?page=1&size=1']) {
      assert.equal((await check(pub, sb.demoId, path)).status, 200, path);
      expectError(await check(pub, undefined, path), 401, 'AUTH_REQUIRE');
      expectError(await check(gss, sb.demoId, path), 403, 'NO_PERMISSION');
    }
    const list = (await check(pub, sb.demoId, '/seller/contentList')).body as Record<string, unknown>[];
    assert.deepEqual(Object.keys(list[0] ?? {}), ['contentName', 'contentId', 'contentStatus', 'standardPrice', 'paid', 'modifyDate']);
    expectError(await check(pub, sb.demoId, '/seller/contentInfo'), 422, 'REQUEST_VALIDATION_FAILED');
    const items = (await check(pub, sb.demoId, '/iap/v6/applications/com.example.mygame/items?page=2&size=1')).body as { itemList: unknown[]; totalCount: number };
    assert.equal(items.itemList.length, 1);
    assert.equal(items.totalCount, 3);
  });

  test('POST /seller/contentSubmit: JSON {contentId}, publishing scope', async () => {
    const pub = await token(['publishing']);
    const gss = await token(['gss']);
    const submit = (t: string, body: string, type = 'application/json') =>
      rawCall(`${sb.url}/seller/contentSubmit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'service-account-id': sb.demoId, 'content-type': type },
        body,
      });
    expectError(await submit(gss, '{"contentId":"000007654321"}'), 403, 'NO_PERMISSION');
    expectError(await submit(pub, '{"contentId":"000007654321"}', 'text/plain'), 422, 'REQUEST_VALIDATION_FAILED');
    expectError(await submit(pub, '{"contentId":'), 422, 'REQUEST_VALIDATION_FAILED');
    expectError(await submit(pub, '{}'), 422, 'REQUEST_VALIDATION_FAILED');
    // Seed 003's example app has a draft with a binary on a fresh sandbox: 204 once, then it is in review.
    assert.equal((await submit(pub, '{"contentId":"000007654321"}')).status, 204);
    const again = await submit(pub, '{"contentId":"000007654321"}');
    assert.equal(again.status, 200, 'Samsung answers this refusal with HTTP 200');
    assert.deepEqual((again.body as { body: { errorCode: string } }).body.errorCode, '3201');
    const unknown = await submit(pub, '{"contentId":"999"}');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, { from: 'seller', body: { errorCode: '4104', errorMsg: 'No content', httpStatus: 'BAD_REQUEST' } });
  });

  test('every route counts and takes faults', async () => {
    sb.sandbox.reset();
    sb.sandbox.addFault({ route: 'galaxy.checkAccessToken', fault: { kind: 'status', status: 500 } });
    assert.equal((await check('x', sb.demoId)).status, 500);
    assert.equal((await check('x', sb.demoId)).status, 401);
    assert.equal(sb.sandbox.counters.get('galaxy.checkAccessToken'), 2);
    for (const [route, path, method] of [
      ['galaxy.accessToken', '/auth/accessToken', 'POST'],
      ['galaxy.revokeAccessToken', '/auth/revokeAccessToken', 'DELETE'],
      ['galaxy.contentList', '/seller/contentList', 'GET'],
      ['galaxy.contentInfo', '/seller/contentInfo', 'GET'],
      ['galaxy.contentSubmit', '/seller/contentSubmit', 'POST'],
      ['galaxy.iapItems', '/iap/v6/applications/a.b/items', 'GET'],
    ] as const) {
      sb.sandbox.addFault({ route, fault: { kind: 'status', status: 418 } });
      assert.equal((await check('x', sb.demoId, path, method)).status, 418, route);
      assert.equal(sb.sandbox.counters.get(route), 1, route);
    }
  });

  test('the token view gives counts only', async () => {
    const before = sb.sandbox.galaxy.tokens.issued;
    const t = await token();
    assert.equal(sb.sandbox.galaxy.tokens.issued, before + 1);
    const active = sb.sandbox.galaxy.tokens.active;
    await check(t, sb.demoId, '/auth/revokeAccessToken', 'DELETE');
    assert.equal(sb.sandbox.galaxy.tokens.active, active - 1);
    const shown = JSON.stringify(sb.sandbox.galaxy.tokens);
    assert.ok(!shown.includes(t));
    assert.deepEqual(Object.keys(JSON.parse(shown)), ['issued', 'active', 'revoked']);
  });
});

describe('the demo service account', () => {
  test('key written 0600 under {dataDir}/sandbox, PKCS#1 RSA 2048, described in demo-service-account.json; reused on restart', async () => {
    const dataDir = await tempDir('galaxy-data-');
    try {
      const first = await startSandbox({ dataDir });
      const demo = first.galaxy.demoServiceAccount;
      await first.close();
      assert.equal(demo.privateKeyFile, `${dataDir}/sandbox/demo-key.pem`);
      assert.equal((await stat(demo.privateKeyFile)).mode & 0o777, 0o600);
      const descriptorFile = `${dataDir}/sandbox/demo-service-account.json`;
      assert.equal((await stat(descriptorFile)).mode & 0o777, 0o600);
      const descriptor = JSON.parse(await readFile(descriptorFile, 'utf8')) as Record<string, unknown>;
      assert.deepEqual(descriptor, { id: demo.id, privateKeyFile: demo.privateKeyFile, scopes: [...demo.scopes] });
      const pem = await readFile(demo.privateKeyFile, 'utf8');
      assert.match(pem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
      assert.equal((await import('node:crypto')).createPrivateKey(pem).asymmetricKeyDetails?.modulusLength, 2048);

      const second = await startSandbox({ dataDir });
      try {
        assert.equal(await readFile(second.galaxy.demoServiceAccount.privateKeyFile, 'utf8'), pem, 'same key reused');
        const iat = now();
        const jwt = jsonwebtoken.sign({ iss: demo.id, scopes: ['gss'], iat, exp: iat + 600 }, pem, { algorithm: 'RS256' });
        const res = await rawCall(`${second.galaxyUrl}/auth/accessToken`, {
          method: 'POST',
          headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
        });
        assert.equal(res.status, 200, 'the reused key is registered');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('without a dataDir the key goes to a fresh temporary folder', async () => {
    assert.match(sb.demoKeyFile, /samsung-auth-sandbox-[^/]+\/sandbox\/demo-key\.pem$/);
    assert.equal((await stat(sb.demoKeyFile)).mode & 0o777, 0o600);
  });
});
