import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GalaxyApiError } from '../../src/galaxy/galaxy-error.js';
import { loadPrivateKey, type ServiceAccountKey } from '../../src/galaxy/load-private-key.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { EncryptedTokenStore, MemoryValueStore } from '../../src/galaxy/encrypted-token-store.js';
import { TokenCipher } from '../../src/galaxy/token-cipher.js';
import { MemoryTokenStore } from '../../src/galaxy/token-store.js';
import type { FetchLike } from '../../src/http/request.js';
import { startGalaxySandbox, type GalaxyTestSandbox } from '../helpers/galaxy-sandbox.js';

let sb: GalaxyTestSandbox;
let privateKey: ServiceAccountKey;
const mints = () => sb.sandbox.counters.get('galaxy.accessToken');

before(async () => {
  sb = await startGalaxySandbox();
  privateKey = await loadPrivateKey({ file: sb.demoKeyFile });
});
after(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.sandbox.reset();
});

function manager(extra: Partial<ConstructorParameters<typeof GalaxyTokenManager>[0]> = {}): GalaxyTokenManager {
  return new GalaxyTokenManager({ apiUrl: sb.url, serviceAccountId: sb.demoId, privateKey, ...extra });
}

describe('single flight', () => {
  test('1000 concurrent requests on a cold cache make exactly 1 /auth/accessToken call', async () => {
    const m = manager();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => m.getAccessToken()));
    assert.equal(mints(), 1);
    assert.equal(new Set(tokens).size, 1);
    await m.getAccessToken();
    assert.equal(mints(), 1, 'cached afterwards');
  });

  test('with the sandbox failing, all 1000 get the error, nothing is cached, the next request tries again', async () => {
    const m = manager({ retry: { baseDelayMs: 1 } });
    sb.sandbox.addFault({ route: 'galaxy.accessToken', fault: { kind: 'status', status: 503 }, times: Infinity });
    const results = await Promise.allSettled(Array.from({ length: 1000 }, () => m.getAccessToken()));
    assert.equal(mints(), 4, 'one shared request, retried 3 times');
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof GalaxyApiError && r.reason.httpStatus === 503));
    sb.sandbox.faults.clear();
    const token = await m.getAccessToken();
    assert.equal(mints(), 5);
    assert.match(token, /^[\w-]+$/);
  });

  test('minting is retried at most 3 times on 5xx and 429 (honouring Retry-After), never after a timeout', async () => {
    const m = manager({ retry: { baseDelayMs: 1 } });
    sb.sandbox.addFault({ route: 'galaxy.accessToken', fault: { kind: 'status', status: 500 } });
    sb.sandbox.addFault({ route: 'galaxy.accessToken', fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { code: 'TOO_MANY', message: 'slow down' } } });
    const started = Date.now();
    assert.match(await m.getAccessToken(), /^[\w-]+$/);
    assert.equal(mints(), 3, '500, 429, then success');
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After');

    sb.sandbox.reset();
    const hanging = manager({ timeoutMs: 200, retry: { baseDelayMs: 1 } });
    sb.sandbox.addFault({ route: 'galaxy.accessToken', fault: { kind: 'hang' } });
    await assert.rejects(hanging.getAccessToken(), (e: unknown) => (e as { code?: string }).code === 'UPSTREAM_TIMEOUT');
    assert.equal(mints(), 1, 'a timed-out mint may have minted: not repeated');
  });

  test('different scopes get different tokens; the same scopes in any order share one', async () => {
    const m = manager({ scopes: ['publishing', 'gss'] });
    const both = await m.getAccessToken(['gss', 'publishing']);
    assert.equal(await m.getAccessToken(), both);
    const gss = await m.getAccessToken('gss');
    assert.notEqual(gss, both);
    assert.equal(mints(), 2);
  });
});

describe('refused tokens', () => {
  test('AUTH_REQUIRE drops the token, mints once and retries once; concurrent callers share that one mint', async () => {
    const m = manager();
    const api = m.apiClient();
    await api.contentList();
    const revoked = await m.getAccessToken();
    // Revoked behind the manager's back (another process, or an operator).
    const res = await fetch(`${sb.url}/auth/revokeAccessToken`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${revoked}`, 'service-account-id': sb.demoId },
    });
    assert.equal(res.status, 200);
    const before = mints();
    const lists = await Promise.all(Array.from({ length: 50 }, () => api.contentList()));
    assert.ok(lists.every((l) => l.length > 0));
    assert.equal(mints(), before + 1, 'one fresh token for all 50');
    assert.notEqual(await m.getAccessToken(), revoked);
  });

  test('revoke() revokes upstream and forgets the token', async () => {
    const m = manager();
    const token = await m.getAccessToken();
    await m.revoke();
    assert.equal(sb.sandbox.counters.get('galaxy.revokeAccessToken'), 1);
    assert.notEqual(await m.getAccessToken(), token);
    assert.equal(mints(), 2);
  });

  test('never loops: an API that always answers 401 is tried twice, with two tokens, then the error surfaces', async () => {
    let apiCalls = 0;
    let tokenCalls = 0;
    const fake: FetchLike = async (input) => {
      if (String(input).endsWith('/auth/accessToken')) {
        tokenCalls += 1;
        return Response.json({ ok: true, createdItem: { accessToken: `tok${tokenCalls}` } });
      }
      apiCalls += 1;
      return Response.json({ code: 'AUTH_REQUIRE', message: 'Invalid accessToken', from: 'asgw' }, { status: 401 });
    };
    const m = new GalaxyTokenManager({ serviceAccountId: 'sa', privateKey, fetch: fake });
    await assert.rejects(m.apiClient().contentList(), (e: unknown) => e instanceof GalaxyApiError && e.galaxyCode === 'AUTH_REQUIRE');
    assert.equal(apiCalls, 2);
    assert.equal(tokenCalls, 2);
  });

  test('403 NO_PERMISSION is not retried and keeps the token', async () => {
    const m = manager({ scopes: ['gss'] });
    await assert.rejects(m.apiClient().contentList(), (e: unknown) => e instanceof GalaxyApiError && e.httpStatus === 403);
    assert.equal(mints(), 1);
    assert.equal(sb.sandbox.counters.get('galaxy.contentList'), 1);
  });
});

describe('clock skew', () => {
  for (const [name, skewMs] of [
    ['ahead by an hour (iat in the future)', 3_600_000],
    ['behind by an hour (JWT already expired)', -3_600_000],
  ] as const) {
    test(`a local clock ${name}: one 422, offset learnt from Date, one retry that succeeds`, async () => {
      const m = manager({ now: () => Date.now() + skewMs });
      const token = await m.getAccessToken();
      assert.match(token, /^[\w-]+$/);
      assert.equal(mints(), 2);
      assert.ok(Math.abs(m.clockOffsetSeconds + skewMs / 1000) <= 2, `offset ${m.clockOffsetSeconds}`);
      await m.getAccessToken('gss');
      assert.equal(mints(), 3, 'later JWTs use the learnt offset straight away');
    });
  }

  test('a 422 that is not about time is retried once only, then surfaces', async () => {
    sb.sandbox.addFault({
      route: 'galaxy.accessToken',
      times: 5,
      fault: { kind: 'status', status: 422, body: { code: 'REQUEST_VALIDATION_FAILED', message: 'nope', from: 'asgw' } },
    });
    await assert.rejects(manager().getAccessToken(), (e: unknown) => e instanceof GalaxyApiError && e.httpStatus === 422);
    assert.equal(mints(), 2);
  });
});

describe('stores', () => {
  test('tokens leave memory only sealed with AES-256-GCM, and come back usable', async () => {
    const backend = new MemoryValueStore();
    const cipher = new TokenCipher({ keys: { k1: TokenCipher.generateKey() }, currentKeyId: 'k1' });
    const store = new EncryptedTokenStore({ backend, cipher });
    const m = manager({ store });
    const token = await m.getAccessToken();
    assert.equal(backend.values.size, 1);
    const [backendKey, sealed] = [...backend.values][0] ?? ['', ''];
    assert.match(backendKey, /^samsung-auth:galaxy-token:/);
    assert.ok(!sealed.includes(token));
    assert.match(sealed, /^v1\.k1\./);
    // A second manager (another process, same backend) reuses it without minting.
    assert.equal(await manager({ store: new EncryptedTokenStore({ backend, cipher }) }).getAccessToken(), token);
    assert.equal(mints(), 1);
  });

  test('rotation: an old-key value opens and is re-sealed with the new key; an unknown key is a miss, not an outage', async () => {
    const backend = new MemoryValueStore();
    const k1 = TokenCipher.generateKey();
    const k2 = TokenCipher.generateKey();
    const old = new EncryptedTokenStore({ backend, cipher: new TokenCipher({ keys: { k1 }, currentKeyId: 'k1' }) });
    const token = await manager({ store: old }).getAccessToken();
    const rotated = new EncryptedTokenStore({ backend, cipher: new TokenCipher({ keys: { k1, k2 }, currentKeyId: 'k2' }) });
    assert.equal(await manager({ store: rotated }).getAccessToken(), token);
    assert.match([...backend.values.values()][0] ?? '', /^v1\.k2\./);
    const forgotten = new EncryptedTokenStore({ backend, cipher: new TokenCipher({ keys: { k3: k1 }, currentKeyId: 'k3' }) });
    const fresh = await manager({ store: forgotten }).getAccessToken();
    assert.notEqual(fresh, token);
    assert.equal(mints(), 2);
  });

  test('a tampered value is TOKEN_STORE_CORRUPT in the store, and a fresh token in the manager', async () => {
    const backend = new MemoryValueStore();
    const cipher = new TokenCipher({ keys: { k1: TokenCipher.generateKey() }, currentKeyId: 'k1' });
    const store = new EncryptedTokenStore({ backend, cipher });
    await manager({ store }).getAccessToken();
    const [k, v] = [...backend.values][0] ?? ['', ''];
    backend.values.set(k, v.slice(0, -3) + (v.endsWith('AAA') ? 'BBB' : 'AAA'));
    await assert.rejects(store.get(k.replace('samsung-auth:galaxy-token:', '')), { code: 'TOKEN_STORE_CORRUPT' });
    await manager({ store }).getAccessToken();
    assert.equal(mints(), 2);
  });

  test('a store entry of another service account is never lent', async () => {
    const store = new MemoryTokenStore();
    const { id, key } = sb.addAccount(['publishing']);
    await store.set(`${id}|publishing`, { accessToken: 'foreign', serviceAccountId: 'other', scopes: ['publishing'], createdAt: 0 });
    const m = new GalaxyTokenManager({ apiUrl: sb.url, serviceAccountId: id, privateKey: key.privateKey, store });
    assert.notEqual(await m.getAccessToken(), 'foreign');
    assert.equal(mints(), 1);
  });
});
