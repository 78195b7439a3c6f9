/** The typed client against the sandbox: one envelope decoder, 303 polling, retries only for safe calls. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GalaxyStoreClient } from '../../src/galaxy/galaxy-store-client.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { loadPrivateKey } from '../../src/galaxy/load-private-key.js';
import { GalaxyApiError } from '../../src/galaxy/galaxy-error.js';
import { readErrorEnvelope } from '../../src/galaxy/lib/error-envelope.js';
import { GALAXY_OPERATIONS } from '../../src/galaxy/lib/operations.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';

let sandbox: Sandbox;
let galaxy: GalaxyStoreClient;
let manager: GalaxyTokenManager;

before(async () => {
  sandbox = await startSandbox();
  const d = sandbox.demoServiceAccount;
  manager = new GalaxyTokenManager({ serviceAccountId: d.id, privateKey: await loadPrivateKey({ file: d.privateKeyFile }), apiUrl: sandbox.galaxyUrl, scopes: ['publishing', 'gss'] });
  galaxy = new GalaxyStoreClient({
    serviceAccountId: d.id,
    accessToken: manager,
    apiUrl: sandbox.galaxyUrl,
    uploadUrl: sandbox.uploadUrl,
    retry: { baseDelayMs: 10 },
    seeOther: { intervalMs: 50 },
  });
});
after(async () => {
  await manager.revoke();
  await sandbox.close();
});

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (e instanceof GalaxyApiError ? `${e.httpStatus} ${e.galaxyCode} ${e.galaxyMessage ?? ''}`.trim() : String(e)),
  );

describe('one decoder for every error envelope', () => {
  test('each shape Samsung uses, with HTTP 200 or an error status, gives Samsung\'s code and message', async () => {
    const cases: [number, unknown, string][] = [
      [200, { errorCode: '8014', errorMsg: 'binaryList is refused' }, '200 8014 binaryList is refused'],
      [200, { from: 'seller', body: { errorCode: 4104, errorMsg: 'No content', httpStatus: 'BAD_REQUEST' } }, '200 4104 No content'],
      [200, { body: { resultCode: '5021', resultMessage: 'This binary is already in use.' }, from: 'seller' }, '200 5021 This binary is already in use.'],
      [200, { resultCode: '3103', resultMessage: 'only up', data: {} }, '200 3103 only up'],
      [200, { code: 'AUTH_REQUIRE', message: 'Invalid accessToken', from: 'asgw' }, '200 AUTH_REQUIRE Invalid accessToken'],
      [500, { message: 'Internal error' }, '500 UNKNOWN Internal error'],
      [400, { errorCode: '106', errorMsg: 'not linked' }, '400 106 not linked'],
    ];
    for (const [status, body, expected] of cases) {
      sandbox.addFault({ route: 'galaxy.getRolloutRate', fault: { kind: 'status', status, body }, times: status >= 500 ? 4 : 1 });
      assert.equal(await codeOf(galaxy.rollout.getRate('000007654321')), expected, JSON.stringify(body));
    }
  });

  test('success shapes are not errors', () => {
    for (const body of [[], { ok: true }, { resultCode: '0000', data: {} }, { errorCode: null, fileKey: 'k' }, { errorCode: '0000' }, { contentId: '1', errorCode: '' }]) {
      assert.equal(readErrorEnvelope(body), undefined, JSON.stringify(body));
    }
  });

  test('known codes carry a hint in plain words', async () => {
    const err = await galaxy.binaries.add({ contentId: '000007000010', fileKey: 'nope', gms: 'Y' }).catch((e: unknown) => e);
    assert.ok(err instanceof GalaxyApiError);
    const refused = await galaxy.content.update('000007000030', { newFeature: 'x' }).catch((e: unknown) => e);
    assert.ok(refused instanceof GalaxyApiError && refused.galaxyCode === '3201' && refused.httpStatus === 200);
    assert.match(refused.hint ?? '', /in review, rejected or live only/);
  });

  test('binaryList is refused by the client before any call, and by the sandbox with 8014 (HTTP 200)', async () => {
    const before = sandbox.counters.get('galaxy.contentUpdate');
    await assert.rejects(galaxy.content.update('000007654321', { binaryList: [] } as never), { code: 'GALAXY_INVALID_INPUT' });
    await assert.rejects(galaxy.content.update('000007654321', { appStatus: 'SALE' } as never), { code: 'GALAXY_INVALID_INPUT' });
    assert.equal(sandbox.counters.get('galaxy.contentUpdate'), before);
    const raw = await galaxy.api.call({ method: 'POST', path: '/seller/contentUpdate', body: { contentId: '000007654321', binaryList: [] } }).catch((e: unknown) => e);
    assert.ok(raw instanceof GalaxyApiError && raw.galaxyCode === '8014' && raw.httpStatus === 200);
    assert.match(raw.hint ?? '', /v2 binary API/);
  });
});

describe('303 See Other and retries', () => {
  test('statistics answer 303 twice, polled with GET on the API host', async () => {
    sandbox.reset();
    const today = new Date().toISOString().slice(0, 10);
    const answer = await galaxy.stats.contentMetric({ contentId: '000007654321', metricIds: ['dn_by_total_dvce'], startDate: today, endDate: today });
    assert.equal(sandbox.counters.get('galaxy.gssResult'), 2);
    assert.ok(JSON.stringify(answer).includes('dn_by_total_dvce'));
  });

  test('a 303 whose Location is off the API host is not followed (the token stays put)', async () => {
    let hits = 0;
    const elsewhere = http.createServer((_req, res) => {
      hits += 1;
      res.end('[]');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    try {
      const location = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/seller/contentList`;
      sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'redirect', status: 303, location } });
      await assert.rejects(galaxy.content.list(), { code: 'UPSTREAM_REDIRECT' });
      assert.equal(hits, 0);
    } finally {
      elsewhere.close();
    }
  });

  test('safe calls are retried on 5xx and 429; changes never blindly', async () => {
    assert.equal(GALAXY_OPERATIONS.addBinary.safeToRetry, false);
    assert.equal(GALAXY_OPERATIONS.contentSubmit.safeToRetry, false);
    assert.equal(GALAXY_OPERATIONS.contentInfo.safeToRetry, true);
    sandbox.reset();
    sandbox.addFault({ route: 'galaxy.contentInfo', fault: { kind: 'status', status: 503 } });
    sandbox.addFault({ route: 'galaxy.contentInfo', fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' }, body: { code: 'TOO_MANY', message: 'slow down', from: 'asgw' } } });
    assert.equal((await galaxy.content.info('000007654321')).live?.contentStatus, 'FOR_SALE');
    assert.equal(sandbox.counters.get('galaxy.contentInfo'), 3);
    sandbox.addFault({ route: 'galaxy.contentSubmit', fault: { kind: 'status', status: 503 } });
    await assert.rejects(galaxy.content.submit('000007654321'), (e: unknown) => e instanceof GalaxyApiError && e.httpStatus === 503);
    assert.equal(sandbox.counters.get('galaxy.contentSubmit'), 1);
  });

  test('contentInfo tells the live record from the draft; numbers stay strings', async () => {
    const info = await galaxy.content.info('000007654321');
    assert.equal(info.live?.appStatus, 'SALE');
    assert.equal(info.draft?.contentStatus, 'UPDATING');
    assert.equal(typeof info.draft?.binaryList[0]?.binarySeq, 'string');
    assert.equal(typeof info.draft?.binaryList[0]?.versionCode, 'string');
    sandbox.addFault({ route: 'galaxy.contentInfo', fault: { kind: 'status', status: 200, body: [{ contentId: 7654321, contentStatus: 'UPDATING', binaryList: [{ binarySeq: 5 }] }, { contentId: 7654321, contentStatus: 'FOR_SALE' }] } });
    const old = await galaxy.content.info('000007654321');
    assert.equal(old.live?.contentStatus, 'FOR_SALE', 'older answers without appStatus: by status');
    assert.equal(old.draft?.binaryList[0]?.binarySeq, '5');
  });
});
