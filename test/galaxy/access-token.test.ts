import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jsonwebtoken from 'jsonwebtoken';
import { readFile } from 'node:fs/promises';
import { checkAccessToken, requestAccessToken, revokeAccessToken } from '../../src/galaxy/access-token.js';
import { GalaxyApiClient } from '../../src/galaxy/api-client.js';
import { createGalaxyJwt } from '../../src/galaxy/create-jwt.js';
import { GalaxyApiError } from '../../src/galaxy/galaxy-error.js';
import { loadPrivateKey, type ServiceAccountKey } from '../../src/galaxy/load-private-key.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import type { FetchLike } from '../../src/http/request.js';
import { startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';

let sb: GalaxyTestSandbox;
let demoKey: ServiceAccountKey;

before(async () => {
  sb = await startGalaxySandbox();
  demoKey = await loadPrivateKey({ file: sb.demoKeyFile });
});
after(async () => {
  await sb.close();
});

/** Asserts a GalaxyApiError with these fields, and returns it. */
async function galaxyError(p: Promise<unknown>, httpStatus: number, galaxyCode: string): Promise<GalaxyApiError> {
  const err = await p.then(
    () => assert.fail('expected a GalaxyApiError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GalaxyApiError, String(err));
  assert.equal(err.code, 'GALAXY_API_ERROR');
  assert.equal(err.httpStatus, httpStatus);
  assert.equal(err.galaxyCode, galaxyCode);
  return err;
}

describe('access token lifecycle against the sandbox', () => {
  test('create -> check ok -> contentList -> revoke -> check 401 AUTH_REQUIRE -> the manager mints afresh and succeeds', async () => {
    const conn = { apiUrl: sb.url };
    const jwt = createGalaxyJwt({ serviceAccountId: sb.demoId, scopes: ['publishing'], privateKey: demoKey });
    const { accessToken } = await requestAccessToken({ ...conn, jwt });
    assert.match(accessToken, /^[\w-]{22,}$/);

    const call = { ...conn, serviceAccountId: sb.demoId, accessToken };
    await checkAccessToken(call);

    // A token manager for the same account, used through its API client.
    const manager = new GalaxyTokenManager({ ...conn, serviceAccountId: sb.demoId, privateKey: demoKey });
    const api = manager.apiClient();
    const minted = sb.sandbox.counters.get('galaxy.accessToken');
    const apps = await api.contentList();
    assert.equal(sb.sandbox.counters.get('galaxy.accessToken'), minted + 1, 'the manager minted its first token');
    assert.ok(apps.length > 0);
    assert.equal(typeof apps[0]?.contentId, 'string');
    const managerToken = await manager.getAccessToken();

    await revokeAccessToken(call);
    const err = await galaxyError(checkAccessToken(call), 401, 'AUTH_REQUIRE');
    assert.equal(err.galaxyMessage, 'Invalid accessToken');
    assert.equal(err.from, 'asgw');
    assert.match(err.hint ?? '', /revoked/);

    // Now revoke the manager's token behind its back: its next API call gets 401, drops the token,
    // mints exactly one fresh token and succeeds.
    await revokeAccessToken({ ...conn, serviceAccountId: sb.demoId, accessToken: managerToken });
    const before = sb.sandbox.counters.get('galaxy.accessToken');
    const listBefore = sb.sandbox.counters.get('galaxy.contentList');
    const again = await api.contentList();
    assert.deepEqual(again, apps);
    assert.equal(sb.sandbox.counters.get('galaxy.accessToken'), before + 1);
    assert.equal(sb.sandbox.counters.get('galaxy.contentList'), listBefore + 2, 'one refused call, one retry');
    assert.notEqual(await manager.getAccessToken(), managerToken);
  });

  test('a JWT made exactly as seed 001 (jsonwebtoken.sign) is accepted', async () => {
    const privateKey = await readFile(sb.demoKeyFile, 'utf8');
    assert.match(privateKey, /^-----BEGIN RSA PRIVATE KEY-----/, 'the demo key is PKCS#1 like seed 000');
    const iss = sb.demoId;
    const scopes = ['publishing', 'gss'];
    const iat = Math.round(new Date().getTime() / 1000);
    const exp = iat + 1200;
    const jwt = jsonwebtoken.sign({ iss, scopes, exp, iat }, privateKey, { algorithm: 'RS256' });
    const { accessToken } = await requestAccessToken({ apiUrl: sb.url, jwt });
    await checkAccessToken({ apiUrl: sb.url, serviceAccountId: iss, accessToken });
  });

  test('our JWT verifies with jsonwebtoken using the public key of the demo account', async () => {
    const jwt = createGalaxyJwt({ serviceAccountId: sb.demoId, scopes: ['gss'], privateKey: demoKey });
    const pub = demoKey.keyObject.export({ type: 'pkcs1', format: 'pem' });
    const { createPublicKey } = await import('node:crypto');
    const verified = jsonwebtoken.verify(jwt, createPublicKey(pub).export({ type: 'spki', format: 'pem' }), {
      algorithms: ['RS256'],
    });
    assert.equal((verified as { iss: string }).iss, sb.demoId);
  });

  test('POST /auth/accessToken sends the JWT in Authorization, content-type JSON, and an empty body', async () => {
    const seen: { method?: string; headers?: Headers; body?: unknown }[] = [];
    const spy: FetchLike = (input, init) => {
      seen.push({ method: init.method, headers: new Headers(init.headers), body: init.body });
      return fetch(input, init);
    };
    const jwt = createGalaxyJwt({ serviceAccountId: sb.demoId, scopes: ['publishing'], privateKey: demoKey });
    await requestAccessToken({ apiUrl: sb.url, jwt, fetch: spy });
    assert.equal(seen[0]?.method, 'POST');
    assert.equal(seen[0]?.headers?.get('authorization'), `Bearer ${jwt}`);
    assert.equal(seen[0]?.headers?.get('content-type'), 'application/json');
    assert.equal(seen[0]?.body, undefined);
  });
});

describe('typed errors with hints', () => {
  test('401 for an unknown iss names the service account id or key', async () => {
    const jwt = createGalaxyJwt({ serviceAccountId: 'nobody', scopes: ['publishing'], privateKey: demoKey });
    const err = await galaxyError(requestAccessToken({ apiUrl: sb.url, jwt }), 401, 'AUTH_REQUIRE');
    assert.match(err.hint ?? '', /service account id/);
    assert.equal(err.endpoint, 'POST /auth/accessToken');
    assert.ok(!err.message.includes(jwt));
  });

  test('403 for a scope the account lacks says "wrong scope"', async () => {
    const { id, key } = sb.addAccount(['gss']);
    const jwt = createGalaxyJwt({ serviceAccountId: id, scopes: ['publishing'], privateKey: key.privateKey });
    const err = await galaxyError(requestAccessToken({ apiUrl: sb.url, jwt }), 403, 'NO_PERMISSION');
    assert.match(err.hint ?? '', /scope/i);
  });

  test('422 for JWT times says clock skew, and carries the server date', async () => {
    const jwt = createGalaxyJwt({ serviceAccountId: sb.demoId, scopes: ['publishing'], privateKey: demoKey, now: Date.now() + 3_600_000 });
    const err = await galaxyError(requestAccessToken({ apiUrl: sb.url, jwt }), 422, 'REQUEST_VALIDATION_FAILED');
    assert.match(err.hint ?? '', /clock skew/);
    assert.ok(err.serverDate && Math.abs(err.serverDate.getTime() - Date.now()) < 5000);
  });

  test('a wrong service-account-id header is named in the hint; a gss-only token on IAP says wrong scope', async () => {
    const jwt = createGalaxyJwt({ serviceAccountId: sb.demoId, scopes: ['gss'], privateKey: demoKey });
    const { accessToken } = await requestAccessToken({ apiUrl: sb.url, jwt });
    const wrong = await galaxyError(checkAccessToken({ apiUrl: sb.url, serviceAccountId: 'someone-else', accessToken }), 401, 'AUTH_REQUIRE');
    assert.match(wrong.hint ?? '', /service-account-id header/);
    const api = new GalaxyApiClient({ apiUrl: sb.url, serviceAccountId: sb.demoId, accessToken });
    const noPerm = await galaxyError(api.iapItems('com.example.mygame'), 403, 'NO_PERMISSION');
    assert.match(noPerm.hint ?? '', /scope/);
    await revokeAccessToken({ apiUrl: sb.url, serviceAccountId: sb.demoId, accessToken });
  });
});
