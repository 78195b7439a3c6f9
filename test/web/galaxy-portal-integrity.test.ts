/**
 * The token inventory never claims more than is true at Samsung: concurrent mints leave one
 * live token, unreadable tokens are never reported revoked, key rotation re-seals, a failed
 * revocation of the replaced token keeps it listed, cross-site reads are refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import { ConfigError } from '../../src/errors.js';

const OPERATOR = 'y0zpz1a2b3';

async function operator(stack: Stack) {
  const { browser, csrf } = await signedInBrowser(stack.portalUrl, OPERATOR);
  const id = stack.sandbox.galaxy.demoServiceAccount.id;
  const call = (method: string, path: string, headers: { origin?: string | null } = {}) => api(browser, stack.portalUrl, method, path, { csrf, ...headers });
  return { browser, csrf, id, call };
}

function validAtSamsung(stack: Stack, id: string, token: string): Promise<boolean> {
  return fetch(`${stack.sandbox.galaxyUrl}/auth/checkAccessToken`, { headers: { authorization: `Bearer ${token}`, 'service-account-id': id } }).then((r) => r.status === 200);
}

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('portal: inventory integrity', () => {
  it('concurrent mints leave exactly one live token, the current one', async () => {
    const stack = await startStack({ galaxy: { operators: [OPERATOR] }, env: { GALAXY_RATE_LIMIT: '100' } });
    try {
      const { id, call } = await operator(stack);
      const mints = await Promise.all(Array.from({ length: 5 }, () => call('POST', `/api/galaxy/accounts/${id}/token`)));
      assert.ok(mints.every((m) => m.status === 201));
      const live = await Promise.all(mints.map((m) => validAtSamsung(stack, id, m.body.accessToken)));
      assert.equal(live.filter(Boolean).length, 1, 'one live token at Samsung');
      const inventory = await call('GET', `/api/galaxy/accounts/${id}/tokens`);
      const liveListed = inventory.body.filter((t: { revokedAt: string | null }) => t.revokedAt === null);
      assert.equal(liveListed.length, 1);
      assert.equal(liveListed[0].current, true);
      assert.equal(mints[live.indexOf(true)]!.body.token.fingerprint, liveListed[0].fingerprint);
    } finally {
      await stack.close();
    }
  });

  it('if revoking the replaced token fails, the mint still succeeds and the old token stays listed as live', async () => {
    const stack = await startStack({ galaxy: { operators: [OPERATOR] } });
    try {
      const { id, call } = await operator(stack);
      const first = await call('POST', `/api/galaxy/accounts/${id}/token`);
      stack.sandbox.addFault({ route: 'galaxy.revokeAccessToken', fault: { kind: 'status', status: 500 }, times: 4 });
      const second = await call('POST', `/api/galaxy/accounts/${id}/token`);
      assert.equal(second.status, 201, second.text);
      assert.deepEqual(second.body.previous, { fingerprint: first.body.token.fingerprint, revoked: false });
      assert.equal(stack.sandbox.counters.get('galaxy.revokeAccessToken'), 4, 'revocation tried 1 + 3 times');
      assert.equal(await validAtSamsung(stack, id, first.body.accessToken), true);
      const inventory = await call('GET', `/api/galaxy/accounts/${id}/tokens`);
      const old = inventory.body.find((t: { fingerprint: string }) => t.fingerprint === first.body.token.fingerprint);
      assert.equal(old.revokedAt, null, 'not claimed revoked');
      const fp = encodeURIComponent(first.body.token.fingerprint);
      assert.equal((await call('DELETE', `/api/galaxy/accounts/${id}/tokens/${fp}`)).status, 200, 'and can be revoked later');
      assert.equal(await validAtSamsung(stack, id, first.body.accessToken), false);
    } finally {
      await stack.close();
    }
  });

  it('an unreadable (altered) token is never reported revoked', async () => {
    const stack = await startStack({ galaxy: { operators: [OPERATOR] } });
    try {
      let { id, call } = await operator(stack);
      const minted = await call('POST', `/api/galaxy/accounts/${id}/token`);
      const file = join(stack.dataDir, 'galaxy-inventory.json');
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { tokens: { sealedToken: string }[] };
      const parts = doc.tokens[0]!.sealedToken.split('.');
      parts[3] = Buffer.from('not the token').toString('base64url');
      doc.tokens[0]!.sealedToken = parts.join('.');
      writeFileSync(file, JSON.stringify(doc));
      await stack.restartPortal();
      ({ id, call } = await operator(stack));
      const revoke = await call('DELETE', `/api/galaxy/accounts/${id}/token`);
      assert.equal(revoke.status, 409);
      assert.equal(revoke.body.error.code, 'TOKEN_STORE_CORRUPT');
      const all = await call('DELETE', `/api/galaxy/accounts/${id}/tokens`);
      assert.deepEqual(all.body, { revoked: 0, unrevocable: 1 });
      const listed = (await call('GET', `/api/galaxy/accounts/${id}/tokens`)).body[0];
      assert.equal(listed.revokedAt, null);
      assert.equal(listed.tampered, true);
      assert.equal(await validAtSamsung(stack, id, minted.body.accessToken), true, 'it really is still live');
    } finally {
      await stack.close();
    }
  });

  it('key rotation: tokens are re-sealed under the new key; dropping a key that still seals live tokens stops start-up', async () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const k3 = key('k3');
    const stack = await startStack({ galaxy: { operators: [OPERATOR] }, env: { TOKEN_ENCRYPTION_KEY: k1 } });
    try {
      let { id, call } = await operator(stack);
      const minted = await call('POST', `/api/galaxy/accounts/${id}/token`);
      await stack.restartPortal({ TOKEN_ENCRYPTION_KEY: `${k2},${k1}` });
      const file = join(stack.dataDir, 'galaxy-inventory.json');
      assert.match(readFileSync(file, 'utf8'), /"v1\.k2\./, 're-sealed under k2');
      assert.doesNotMatch(readFileSync(file, 'utf8'), /"v1\.k1\./);
      await stack.restartPortal({ TOKEN_ENCRYPTION_KEY: k2 });
      ({ id, call } = await operator(stack));
      assert.equal((await call('GET', `/api/galaxy/accounts/${id}/token/check`)).body.valid, true, 'k1 dropped, token still usable');

      await assert.rejects(stack.restartPortal({ TOKEN_ENCRYPTION_KEY: k3 }), (err: unknown) => err instanceof ConfigError);
      await stack.restartPortal({ TOKEN_ENCRYPTION_KEY: `${k3},${k2}` });
      ({ id, call } = await operator(stack));
      assert.equal((await call('DELETE', `/api/galaxy/accounts/${id}/token`)).status, 200);
      assert.equal(await validAtSamsung(stack, id, minted.body.accessToken), false);
    } finally {
      await stack.close();
    }
  });

  it('refuses cross-site requests on the Galaxy routes, even reads (a read may mint)', async () => {
    const stack = await startStack({ galaxy: { operators: [OPERATOR] } });
    try {
      const { browser, id } = await operator(stack);
      for (const path of [`/api/galaxy/accounts/${id}/contents`, `/account/galaxy/${id}/contents`, '/api/galaxy/accounts']) {
        const hop = await browser.get(`${stack.portalUrl}${path}`, { 'sec-fetch-site': 'cross-site', accept: 'application/json' });
        assert.equal(hop.status, 403, path);
      }
      assert.equal(stack.sandbox.counters.get('galaxy.accessToken'), 0);
    } finally {
      await stack.close();
    }
  });
});
