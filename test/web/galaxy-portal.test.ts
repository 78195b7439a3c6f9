/**
 * The portal's Galaxy routines for the signed-in session, over real HTTP against the sandbox:
 * operators, JSON API, pages, CSRF, the token inventory (restarts, tampering, wrong key) and audit.
 */
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { TestBrowser, formAction } from '../helpers/browser.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';
import { ConfigError } from '../../src/errors.js';

const OPERATOR = 'y0zpz1a2b3';
const OUTSIDER = 'y0zpz4c5d6';

function galaxyCalls(stack: Stack): number {
  return Object.entries(stack.sandbox.counters.snapshot())
    .filter(([k]) => k.startsWith('galaxy.'))
    .reduce((n, [, v]) => n + v, 0);
}

const signedIn = (stack: Stack, userId: string) => signedInBrowser(stack.portalUrl, userId);

describe('portal: Galaxy routines for operators', () => {
  let stack: Stack;
  let accountId: string;
  before(async () => {
    stack = await startStack({ galaxy: { operators: [OPERATOR] }, env: { GALAXY_RATE_LIMIT: '50' } });
    accountId = stack.sandbox.galaxy.demoServiceAccount.id;
  });
  after(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  it('an operator end to end: list -> mint -> check (valid) -> contents -> revoke -> check (invalid); audited', async () => {
    const { browser, csrf } = await signedIn(stack, OPERATOR);
    const call = (method: string, path: string) => api(browser, stack.portalUrl, method, path, { csrf });

    const list = await call('GET', '/api/galaxy/accounts');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((a: { id: string }) => a.id), [accountId]);
    assert.deepEqual(list.body[0].scopes, [...stack.sandbox.galaxy.demoServiceAccount.scopes]);

    const minted = await call('POST', `/api/galaxy/accounts/${accountId}/token`);
    assert.equal(minted.status, 201, minted.text);
    assert.equal(typeof minted.body.accessToken, 'string');
    assert.match(minted.body.token.fingerprint, /^sha256:[\w-]{16}$/);
    assert.equal(minted.body.token.createdBy, OPERATOR);
    assert.equal(stack.sandbox.counters.get('galaxy.accessToken'), 1);

    const after1 = await call('GET', '/api/galaxy/accounts');
    assert.equal(after1.body[0].token.fingerprint, minted.body.token.fingerprint);
    assert.ok(!after1.text.includes(minted.body.accessToken), 'the listing never shows the token');

    const check = await call('GET', `/api/galaxy/accounts/${accountId}/token/check`);
    assert.equal(check.status, 200);
    assert.equal(check.body.valid, true);
    assert.ok(Date.parse(check.body.checkedAt));

    const contents = await call('GET', `/api/galaxy/accounts/${accountId}/contents`);
    assert.equal(contents.status, 200, contents.text);
    assert.ok(Array.isArray(contents.body) && contents.body.length > 0 && typeof contents.body[0].contentId === 'string');
    assert.equal(stack.sandbox.counters.get('galaxy.accessToken'), 1, 'contents used the current token');

    const revoked = await call('DELETE', `/api/galaxy/accounts/${accountId}/token`);
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body, { revoked: true });
    assert.equal(stack.sandbox.counters.get('galaxy.revokeAccessToken'), 1);

    const check2 = await call('GET', `/api/galaxy/accounts/${accountId}/token/check`);
    assert.equal(check2.status, 200);
    assert.equal(check2.body.valid, false);

    const audit = await call('GET', '/api/galaxy/audit');
    const actions = audit.body.map((e: { action: string; userId: string; outcome: string }) => `${e.action}:${e.outcome}:${e.userId}`);
    for (const expected of ['token.mint:ok', 'token.check:ok', 'contents.list:ok', 'token.revoke:ok']) {
      assert.ok(actions.includes(`${expected}:${OPERATOR}`), `${expected} is in the audit trail: ${actions.join(', ')}`);
    }
  });

  it('minting makes the new token current and revokes the previous one at Samsung', async () => {
    const { browser, csrf } = await signedIn(stack, OPERATOR);
    const first = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
    const second = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
    assert.equal(second.status, 201);
    assert.notEqual(first.body.accessToken, second.body.accessToken);
    const probe = (token: string) =>
      fetch(`${stack.sandbox.galaxyUrl}/auth/checkAccessToken`, { headers: { authorization: `Bearer ${token}`, 'service-account-id': accountId } });
    assert.equal((await probe(first.body.accessToken)).status, 401, 'the previous token is revoked at Samsung');
    assert.equal((await probe(second.body.accessToken)).status, 200);
    const inventory = await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/tokens`, { csrf });
    const byFp = new Map(inventory.body.map((t: { fingerprint: string }) => [t.fingerprint, t]));
    assert.equal((byFp.get(first.body.token.fingerprint) as { current: boolean; revokedBy: string }).current, false);
    assert.match((byFp.get(first.body.token.fingerprint) as { revokedBy: string }).revokedBy, /replaced/);
    assert.equal((byFp.get(second.body.token.fingerprint) as { current: boolean }).current, true);
  });

  it('revokes one token by fingerprint, and every live token of an account', async () => {
    const { browser, csrf } = await signedIn(stack, OPERATOR);
    const a = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
    const one = await api(browser, stack.portalUrl, 'DELETE', `/api/galaxy/accounts/${accountId}/tokens/${encodeURIComponent(a.body.token.fingerprint)}`, { csrf });
    assert.equal(one.status, 200, one.text);
    const again = await api(browser, stack.portalUrl, 'DELETE', `/api/galaxy/accounts/${accountId}/tokens/${encodeURIComponent(a.body.token.fingerprint)}`, { csrf });
    assert.equal(again.status, 404);
    const b = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
    const all = await api(browser, stack.portalUrl, 'DELETE', `/api/galaxy/accounts/${accountId}/tokens`, { csrf });
    assert.equal(all.status, 200);
    assert.ok(all.body.revoked >= 1);
    const inventory = await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/tokens`, { csrf });
    assert.ok(inventory.body.every((t: { revokedAt: string | null }) => t.revokedAt !== null), 'nothing live is left');
    // Not only marked: Samsung (the sandbox) says each token is dead.
    for (const token of [a.body.accessToken as string, b.body.accessToken as string]) {
      const probe = await fetch(`${stack.sandbox.galaxyUrl}/auth/checkAccessToken`, { headers: { authorization: `Bearer ${token}`, 'service-account-id': accountId } });
      assert.equal(probe.status, 401, 'revoked at Samsung');
    }
    assert.equal(stack.sandbox.galaxy.tokens.active, 0, 'no token of the sandbox is live');
  });

  it('the pages work without JavaScript: mint reveals once, check/revoke redirect with a notice, contents list', async () => {
    const { browser } = await signedIn(stack, OPERATOR);
    const account = await browser.get(`${stack.portalUrl}/account`);
    assert.equal(account.status, 200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(account.body)![1]!;
    const mintAction = formAction(account.body, 'data-action="mint"')!;
    const reveal = await browser.post(`${stack.portalUrl}${mintAction}`, { _csrf: csrf }, { origin: stack.portalUrl });
    assert.equal(reveal.status, 200);
    const token = /<code id="access-token">([^<]+)<\/code>/.exec(reveal.body)![1]!;
    assert.ok(token.length >= 16);
    assert.equal(reveal.headers.get('cache-control'), 'no-store');
    assert.match(reveal.body, /shown this once/);

    const page = await browser.get(`${stack.portalUrl}/account`);
    assert.ok(!page.body.includes(token), 'the token is not on later pages');
    const checkAction = formAction(page.body, 'data-action="check"')!;
    const checked = await browser.post(`${stack.portalUrl}${checkAction}`, { _csrf: csrf }, { origin: stack.portalUrl });
    assert.equal(checked.status, 303);
    assert.match((await browser.get(`${stack.portalUrl}/account`)).body, /is valid/);
    const contents = await browser.get(`${stack.portalUrl}/account/galaxy/${accountId}/contents`);
    assert.equal(contents.status, 200);
    assert.match(contents.body, /<table id="contents">/);
    const revokeAction = formAction((await browser.get(`${stack.portalUrl}/account`)).body, 'data-action="revoke"')!;
    assert.equal((await browser.post(`${stack.portalUrl}${revokeAction}`, { _csrf: csrf }, { origin: stack.portalUrl })).status, 303);
    const after2 = await browser.get(`${stack.portalUrl}/account`);
    assert.match(after2.body, /Revoked the current token/);
    assert.match(after2.body, /class="audit-event" data-action="token.revoke"/);
  });

  it('a user who operates nothing: 403 on every account route, an empty list, and the explanation on /account', async () => {
    const { browser, csrf } = await signedIn(stack, OUTSIDER);
    const list = await api(browser, stack.portalUrl, 'GET', '/api/galaxy/accounts', { csrf });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, []);
    for (const [method, path] of [
      ['POST', `/api/galaxy/accounts/${accountId}/token`],
      ['GET', `/api/galaxy/accounts/${accountId}/token/check`],
      ['DELETE', `/api/galaxy/accounts/${accountId}/token`],
      ['GET', `/api/galaxy/accounts/${accountId}/tokens`],
      ['DELETE', `/api/galaxy/accounts/${accountId}/tokens`],
      ['GET', `/api/galaxy/accounts/${accountId}/contents`],
      ['POST', '/api/galaxy/accounts/no-such-account/token'],
    ] as const) {
      const res = await api(browser, stack.portalUrl, method, path, { csrf });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    assert.deepEqual((await api(browser, stack.portalUrl, 'GET', '/api/galaxy/audit', { csrf })).body, []);
    // Each refusal is in the audit trail of the account asked for, and in the log with the user.
    const operator = await signedIn(stack, OPERATOR);
    const refusals = (await api(operator.browser, stack.portalUrl, 'GET', '/api/galaxy/audit?limit=100', { csrf: operator.csrf })).body.filter(
      (e: { userId: string; outcome: string }) => e.userId === OUTSIDER && e.outcome === 'forbidden',
    );
    assert.deepEqual(
      refusals.map((e: { action: string }) => e.action).sort(),
      ['contents.list', 'token.check', 'token.list', 'token.mint', 'token.revoke', 'token.revoke_all'],
      'every refused call on the real account is audited',
    );
    const logged = stack.logs.filter((l) => l.includes('"event":"galaxy_forbidden"') && l.includes(OUTSIDER));
    assert.equal(logged.length, 7, 'and logged, the unknown account included');
    assert.ok(logged.some((l) => l.includes('"accountId":"no-such-account"')));
    const page = await browser.get(`${stack.portalUrl}/account`);
    assert.match(page.body, /You have no role in any service account/);
    assert.match(page.body, new RegExp(`<code>${OUTSIDER}</code>`));
    assert.equal(galaxyCalls(stack), 0);
  });

  it('a GET never mints: without a live token, contents and check answer 409 NO_CURRENT_TOKEN and Galaxy is not asked', async () => {
    const fresh = await startStack({ galaxy: { operators: [OPERATOR] } });
    try {
      const id = fresh.sandbox.galaxy.demoServiceAccount.id;
      const { browser, csrf } = await signedIn(fresh, OPERATOR);
      for (const path of [`/api/galaxy/accounts/${id}/contents`, `/api/galaxy/accounts/${id}/token/check`]) {
        const res = await api(browser, fresh.portalUrl, 'GET', path, { csrf });
        assert.equal(res.status, 409, path);
        assert.equal(res.body.error.code, 'NO_CURRENT_TOKEN');
      }
      const page = await browser.get(`${fresh.portalUrl}/account/galaxy/${id}/contents`);
      assert.equal(page.status, 409);
      assert.match(page.body, /<code>NO_CURRENT_TOKEN<\/code>/);
      assert.equal(galaxyCalls(fresh), 0, 'no call at all reached Galaxy Store');
      assert.equal((await api(browser, fresh.portalUrl, 'GET', `/api/galaxy/accounts/${id}/tokens`, { csrf })).body.length, 0, 'no token was recorded');
      const audit = (await api(browser, fresh.portalUrl, 'GET', '/api/galaxy/audit', { csrf })).body as { action: string }[];
      assert.ok(!audit.some((e) => e.action === 'token.mint'), 'no mint in the audit trail');

      // A token revoked elsewhere: the read says so, marks it revoked, and still mints nothing.
      const minted = await api(browser, fresh.portalUrl, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf });
      await fetch(`${fresh.sandbox.galaxyUrl}/auth/revokeAccessToken`, { method: 'DELETE', headers: { authorization: `Bearer ${minted.body.accessToken}`, 'service-account-id': id } });
      fresh.sandbox.reset();
      const refused = await api(browser, fresh.portalUrl, 'GET', `/api/galaxy/accounts/${id}/contents`, { csrf });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'NO_CURRENT_TOKEN');
      assert.equal(fresh.sandbox.counters.get('galaxy.accessToken'), 0);
      const listed = await api(browser, fresh.portalUrl, 'GET', `/api/galaxy/accounts/${id}/tokens`, { csrf });
      assert.equal(listed.body[0].revokedBy, 'galaxy (refused)');
    } finally {
      await fresh.close();
    }
  });

  it('signed out: 401 JSON on the API, a redirect to sign in on pages', async () => {
    const browser = new TestBrowser();
    for (const [method, path] of [['GET', '/api/galaxy/accounts'], ['POST', `/api/galaxy/accounts/${accountId}/token`], ['GET', '/api/galaxy/audit']] as const) {
      const res = await api(browser, stack.portalUrl, method, path);
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
    const page = await browser.get(`${stack.portalUrl}/account/galaxy/${accountId}/contents`);
    assert.equal(page.status, 302);
    assert.match(page.location!, /^\/auth\/login\?returnTo=/);
  });

  it('CSRF: a missing or wrong token, or a cross-site Origin, on every state-changing route -> 403 and no Galaxy call', async () => {
    const { browser, csrf } = await signedIn(stack, OPERATOR);
    const minted = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
    stack.sandbox.reset();
    const fp = encodeURIComponent(minted.body.token.fingerprint);
    const apiRoutes = [
      ['POST', `/api/galaxy/accounts/${accountId}/token`],
      ['DELETE', `/api/galaxy/accounts/${accountId}/token`],
      ['DELETE', `/api/galaxy/accounts/${accountId}/tokens`],
      ['DELETE', `/api/galaxy/accounts/${accountId}/tokens/${fp}`],
    ] as const;
    for (const [method, path] of apiRoutes) {
      for (const [name, opts] of [
        ['missing token', {}],
        ['wrong token', { csrf: 'x'.repeat(43) }],
        ['cross-site Origin', { csrf, origin: 'https://evil.example' }],
      ] as const) {
        const res = await api(browser, stack.portalUrl, method, path, opts);
        assert.equal(res.status, 403, `${method} ${path} with ${name}`);
        assert.equal(res.body.error.code, 'CSRF_INVALID');
      }
    }
    for (const action of ['token', 'check', 'revoke', 'revoke-all', `tokens/${fp}/revoke`]) {
      const url = `${stack.portalUrl}/account/galaxy/${accountId}/${action}`;
      assert.equal((await browser.post(url, {}, { origin: stack.portalUrl })).status, 403, `${action} without token`);
      assert.equal((await browser.post(url, { _csrf: 'nope' }, { origin: stack.portalUrl })).status, 403, `${action} wrong token`);
      assert.equal((await browser.post(url, { _csrf: csrf }, { origin: 'https://evil.example' })).status, 403, `${action} cross-site`);
      assert.equal((await browser.post(url, { _csrf: csrf }, { 'sec-fetch-site': 'cross-site' })).status, 403, `${action} Sec-Fetch-Site cross-site`);
    }
    assert.equal(galaxyCalls(stack), 0, 'no Galaxy call was made');
  });
});

describe('portal: the token inventory across restarts', () => {
  it('survives a restart; old tokens can still be revoked; tampering is reported, not fatal; a wrong key stops start-up', async () => {
    const stack = await startStack({ galaxy: { operators: [OPERATOR] } });
    const accountId = stack.sandbox.galaxy.demoServiceAccount.id;
    try {
      let { browser, csrf } = await signedIn(stack, OPERATOR);
      const first = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
      const second = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
      const token = second.body.accessToken as string;
      const file = join(stack.dataDir, 'galaxy-inventory.json');
      const stored = readFileSync(file, 'utf8');
      assert.ok(!stored.includes(token) && !stored.includes(first.body.accessToken), 'tokens are only stored sealed');

      await stack.restartPortal();
      ({ browser, csrf } = await signedIn(stack, OPERATOR));
      const inventory = await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/tokens`, { csrf });
      assert.deepEqual(inventory.body.map((t: { fingerprint: string }) => t.fingerprint), [second.body.token.fingerprint, first.body.token.fingerprint]);
      const audit = await api(browser, stack.portalUrl, 'GET', '/api/galaxy/audit', { csrf });
      assert.equal(audit.body.filter((e: { action: string }) => e.action === 'token.mint').length, 2);
      const revoked = await api(browser, stack.portalUrl, 'DELETE', `/api/galaxy/accounts/${accountId}/token`, { csrf });
      assert.equal(revoked.status, 200);
      const probe = await fetch(`${stack.sandbox.galaxyUrl}/auth/checkAccessToken`, { headers: { authorization: `Bearer ${token}`, 'service-account-id': accountId } });
      assert.equal(probe.status, 401, 'the token minted before the restart was revoked at Samsung');

      // Tamper with one sealed entry: reported, not fatal.
      const third = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { tokens: { fingerprint: string; sealedToken: string }[] };
      const entry = doc.tokens.find((t) => t.fingerprint === third.body.token.fingerprint)!;
      const parts = entry.sealedToken.split('.');
      parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('AA') ? 'BB' : 'AA');
      entry.sealedToken = parts.join('.');
      writeFileSync(file, JSON.stringify(doc));
      await stack.restartPortal();
      ({ browser, csrf } = await signedIn(stack, OPERATOR));
      const listed = await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/tokens`, { csrf });
      assert.equal(listed.status, 200);
      assert.equal(listed.body.find((t: { fingerprint: string }) => t.fingerprint === third.body.token.fingerprint).tampered, true);
      assert.equal(listed.body.filter((t: { tampered: boolean }) => t.tampered).length, 1);
      assert.equal((await browser.get(`${stack.portalUrl}/account`)).status, 200);
      const unreadable = await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/contents`, { csrf });
      assert.equal(unreadable.status, 409, 'a read with an unreadable current token says so');
      assert.equal(unreadable.body.error.code, 'TOKEN_STORE_CORRUPT');
      assert.equal((await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf })).status, 201);
      const contents = await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/contents`, { csrf });
      assert.equal(contents.status, 200, 'a fresh token replaces the unreadable one');

      // A wrong key stops start-up with a clear message.
      await assert.rejects(stack.restartPortal({ TOKEN_ENCRYPTION_KEY: `other:${Buffer.alloc(32, 7).toString('base64')}` }), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems[0]!.variable, 'TOKEN_ENCRYPTION_KEY');
        assert.match(err.message, /does not open the existing token inventory/);
        return true;
      });
      assert.ok(readdirSync(stack.dataDir).includes('galaxy-inventory.json'));
    } finally {
      await stack.close();
    }
  });
});

describe('portal: the access token appears once', () => {
  it('only in the mint response: not in logs, later pages, API listings or the store in clear', async () => {
    const stack = await startStack({ galaxy: { operators: [OPERATOR] } });
    const accountId = stack.sandbox.galaxy.demoServiceAccount.id;
    try {
      const { browser, csrf } = await signedIn(stack, OPERATOR);
      const minted = await api(browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf });
      const token = minted.body.accessToken as string;
      const seen = browser.history.length;
      await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/token/check`, { csrf });
      await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/contents`, { csrf });
      await api(browser, stack.portalUrl, 'GET', '/api/galaxy/accounts', { csrf });
      await api(browser, stack.portalUrl, 'GET', `/api/galaxy/accounts/${accountId}/tokens`, { csrf });
      await api(browser, stack.portalUrl, 'GET', '/api/galaxy/audit', { csrf });
      await browser.get(`${stack.portalUrl}/account`);
      await api(browser, stack.portalUrl, 'DELETE', `/api/galaxy/accounts/${accountId}/token`, { csrf });
      const responses = browser.history.filter((h) => h.body.includes(token));
      assert.equal(responses.length, 1, 'exactly one response carried the token');
      assert.ok(browser.history.indexOf(responses[0]!) === seen - 1, 'and it was the mint');
      assert.ok(!stack.logs.join('\n').includes(token), 'no log line has it');
      for (const name of readdirSync(stack.dataDir)) {
        if (name.endsWith('.json')) assert.ok(!readFileSync(join(stack.dataDir, name), 'utf8').includes(token), `${name} has it in clear`);
      }
    } finally {
      await stack.close();
    }
  });
});
