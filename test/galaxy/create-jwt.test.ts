import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jsonwebtoken from 'jsonwebtoken';
import { createGalaxyJwt, createGalaxyJwtAsync, createGalaxyJwtClaims, MAX_JWT_LIFETIME_SECONDS } from '../../src/galaxy/create-jwt.js';
import { parsePrivateKey } from '../../src/galaxy/load-private-key.js';
import { requestAccessToken } from '../../src/galaxy/access-token.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { SamsungAuthError } from '../../src/errors.js';
import { rsaKey } from '../helpers/galaxy-keys.js';

const key = rsaKey();
const privateKey = parsePrivateKey(key.pkcs1, { source: 'text', origin: 'test' });
const NOW = Date.UTC(2024, 6, 24, 6, 3, 42, 500); // seed 001's example moment, plus half a second
const NOW_S = Math.floor(NOW / 1000);

function decode(jwt: string): { header: unknown; claims: Record<string, unknown> } {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h ?? '', 'base64url').toString()),
    claims: JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>,
  };
}

describe('createGalaxyJwt', () => {
  test('RS256, typ JWT, claims iss/scopes/iat/exp exactly; iat backdated 30 s; exp - iat = 1200', () => {
    const jwt = createGalaxyJwt({ serviceAccountId: 'sa-1', scopes: ['publishing', 'gss'], privateKey, now: NOW });
    const { header, claims } = decode(jwt);
    assert.deepEqual(header, { alg: 'RS256', typ: 'JWT' });
    assert.deepEqual(claims, { iss: 'sa-1', scopes: ['publishing', 'gss'], iat: NOW_S - 30, exp: NOW_S - 30 + 1200 });
    assert.deepEqual(Object.keys(claims), ['iss', 'scopes', 'iat', 'exp']);
  });

  test('verifies with jsonwebtoken against the public key (RS256 only)', () => {
    const jwt = createGalaxyJwt({ serviceAccountId: 'sa-1', scopes: 'publishing', privateKey });
    const verified = jsonwebtoken.verify(jwt, key.publicPem, { algorithms: ['RS256'] }) as Record<string, unknown>;
    assert.equal(verified.iss, 'sa-1');
    assert.deepEqual(verified.scopes, ['publishing']);
    assert.equal((verified.exp as number) - (verified.iat as number), 1200);
  });

  test('accepts a raw KeyObject; the output is deterministic for a fixed clock (RSA PKCS#1 v1.5)', () => {
    const a = createGalaxyJwt({ serviceAccountId: 'sa', scopes: ['gss'], privateKey: key.privateKey, now: NOW });
    const b = createGalaxyJwt({ serviceAccountId: 'sa', scopes: ['gss'], privateKey, now: NOW });
    assert.equal(a, b);
  });

  test('the clock offset moves iat and exp together; the lifetime never exceeds 1200 s', () => {
    for (const [offset, lifetime, backdate] of [
      [0, 1200, 0],
      [-3600, 1200, 30],
      [125.7, 600, 60],
      [0, 1, 0],
    ] as const) {
      const c = createGalaxyJwtClaims({
        serviceAccountId: 'sa',
        scopes: ['gss'],
        privateKey,
        now: NOW,
        clockOffsetSeconds: offset,
        lifetimeSeconds: lifetime,
        backdateSeconds: backdate,
      });
      assert.equal(c.iat, Math.floor(NOW / 1000 + offset) - backdate);
      assert.equal(c.exp - c.iat, lifetime);
      assert.ok(c.exp - c.iat <= MAX_JWT_LIFETIME_SECONDS);
    }
  });

  const bad: [string, Record<string, unknown>][] = [
    ['a lifetime of 1201 s', { lifetimeSeconds: 1201 }],
    ['a lifetime of 0', { lifetimeSeconds: 0 }],
    ['a fractional lifetime', { lifetimeSeconds: 10.5 }],
    ['a backdate as long as the lifetime (born expired)', { lifetimeSeconds: 60, backdateSeconds: 60 }],
    ['a negative backdate', { backdateSeconds: -1 }],
    ['empty scopes', { scopes: [] }],
    ['an empty scope string', { scopes: '' }],
    ['an unknown scope', { scopes: ['publishing', 'admin'] }],
    ['duplicate scopes', { scopes: ['gss', 'gss'] }],
    ['a non-array scopes value', { scopes: 42 }],
    ['an empty service account id', { serviceAccountId: '' }],
    ['a service account id with a space', { serviceAccountId: 'a b' }],
    ['a service account id with a newline', { serviceAccountId: 'a\nb' }],
    ['a NaN clock offset', { clockOffsetSeconds: Number.NaN }],
  ];
  for (const [name, override] of bad) {
    test(`refuses ${name} with JWT_INVALID_INPUT`, () => {
      assert.throws(
        () => createGalaxyJwt({ serviceAccountId: 'sa', scopes: ['publishing'], privateKey, ...override } as never),
        (err: unknown) => err instanceof SamsungAuthError && err.code === 'JWT_INVALID_INPUT',
      );
    });
  }

  test('refuses a public key as the signing key', () => {
    assert.throws(
      () => createGalaxyJwt({ serviceAccountId: 'sa', scopes: ['gss'], privateKey: key.publicKey }),
      (err: unknown) => err instanceof SamsungAuthError && err.code === 'JWT_INVALID_INPUT',
    );
  });
});

describe('createGalaxyJwtAsync', () => {
  test('makes exactly the JWT createGalaxyJwt makes (signed off the event loop)', async () => {
    const options = { serviceAccountId: 'sa-1', scopes: ['publishing', 'gss'] as const, privateKey, now: NOW };
    assert.equal(await createGalaxyJwtAsync(options), createGalaxyJwt(options));
    assert.equal(await createGalaxyJwtAsync({ ...options, privateKey: key.privateKey }), createGalaxyJwt(options));
  });

  test('concurrent calls each get a JWT that verifies', async () => {
    const jwts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createGalaxyJwtAsync({ serviceAccountId: `sa-${i}`, scopes: 'gss', privateKey })),
    );
    jwts.forEach((jwt, i) => {
      const verified = jsonwebtoken.verify(jwt, key.publicPem, { algorithms: ['RS256'] }) as Record<string, unknown>;
      assert.equal(verified.iss, `sa-${i}`);
    });
  });

  test('bad input and a public key reject with JWT_INVALID_INPUT (never a synchronous throw)', async () => {
    const calls = [
      () => createGalaxyJwtAsync({ serviceAccountId: 'sa', scopes: ['publishing'], privateKey, lifetimeSeconds: 1201 }),
      () => createGalaxyJwtAsync({ serviceAccountId: 'sa', scopes: ['gss'], privateKey: key.publicKey }),
    ];
    for (const call of calls) {
      let promise: Promise<string> | undefined;
      assert.doesNotThrow(() => {
        promise = call();
      });
      await assert.rejects(promise!, (err: unknown) => err instanceof SamsungAuthError && err.code === 'JWT_INVALID_INPUT');
    }
  });
});

describe('bad input is refused before any network call', () => {
  test('requestAccessToken with a malformed JWT does not call fetch', async () => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return new Response('{}');
    };
    await assert.rejects(requestAccessToken({ jwt: 'not a jwt', fetch }), { code: 'JWT_INVALID_INPUT' });
    assert.equal(calls, 0);
  });

  test('the token manager refuses bad scopes at construction and per call, without fetching', async () => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return new Response('{}');
    };
    assert.throws(() => new GalaxyTokenManager({ serviceAccountId: 'sa', privateKey, scopes: ['nope' as never], fetch }), {
      code: 'JWT_INVALID_INPUT',
    });
    const m = new GalaxyTokenManager({ serviceAccountId: 'sa', privateKey, fetch });
    await assert.rejects(m.getAccessToken(['gss', 'gss']), { code: 'JWT_INVALID_INPUT' });
    assert.throws(() => new GalaxyTokenManager({ serviceAccountId: 'sa', privateKey, apiUrl: 'http://example.com', fetch }), {
      code: 'GALAXY_INVALID_INPUT',
    });
    assert.equal(calls, 0);
  });
});
