/**
 * The release console over real HTTP against the strict sandbox: roles (viewer, releaser, admin),
 * no existence oracle, uploads relayed to the upload host, submit once, the go-live confirmation,
 * rollout and IAP edits, the audit trail with Samsung's answer, and no token in pages or logs.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { releaseApi } from '../helpers/release-client.js';
import { api } from '../helpers/portal-client.js';
import { formAction } from '../helpers/browser.js';

const ADMIN = 'y0zpz1a2b3';
const RELEASER = 'y0zpz4c5d6';
const VIEWER = 'y0zpz7e8f9';
const GAME = '000007654321'; // live, with a draft (UPDATING)
const RUNNER = '000007000010'; // live only

describe('release console: roles, actions and audit', () => {
  let stack: Stack;
  let accountId: string;
  let base: string;
  let accessToken: string;
  let admin: ReturnType<typeof releaseApi>;
  let releaser: ReturnType<typeof releaseApi>;
  let viewer: ReturnType<typeof releaseApi>;
  let releaserBrowser: Awaited<ReturnType<typeof signedInBrowser>>;
  let viewerBrowser: Awaited<ReturnType<typeof signedInBrowser>>;

  before(async () => {
    stack = await startStack({
      galaxy: { operators: [ADMIN], roles: { [RELEASER]: 'releaser', [VIEWER]: 'viewer' } },
      sandbox: { reviewSeconds: 1 },
      env: { GALAXY_MAX_UPLOAD_MB: '1', SAMSUNG_TRUSTED_AUTH_HOSTS: '127.0.0.1' },
    });
    accountId = stack.sandbox.galaxy.demoServiceAccount.id;
    base = `/api/galaxy/accounts/${accountId}/apps`;
    const a = await signedInBrowser(stack.portalUrl, ADMIN);
    admin = releaseApi(a.browser, stack.portalUrl, a.csrf);
    const minted = await api(a.browser, stack.portalUrl, 'POST', `/api/galaxy/accounts/${accountId}/token`, { csrf: a.csrf });
    assert.equal(minted.status, 201, minted.text);
    accessToken = minted.body.accessToken;
    releaserBrowser = await signedInBrowser(stack.portalUrl, RELEASER);
    releaser = releaseApi(releaserBrowser.browser, stack.portalUrl, releaserBrowser.csrf);
    viewerBrowser = await signedInBrowser(stack.portalUrl, VIEWER);
    viewer = releaseApi(viewerBrowser.browser, stack.portalUrl, viewerBrowser.csrf);
  });
  after(() => stack.close());

  it('a viewer reads apps, one app and its statistics', async () => {
    const list = await viewer.send('GET', base);
    assert.equal(list.status, 200, list.text);
    const game = list.body.find((x: { contentId: string }) => x.contentId === GAME);
    assert.equal(game.liveStatus, 'FOR_SALE');
    assert.equal(game.draftStatus, 'UPDATING');
    const one = await viewer.send('GET', `${base}/${GAME}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.role, 'viewer');
    assert.equal(one.body.live.status, 'FOR_SALE');
    assert.equal(one.body.draft.binaries.length, 2);
    assert.ok(Array.isArray(one.body.iap.items) && one.body.iap.items.length > 0);
    const stats = await viewer.send('GET', `${base}/${GAME}/stats?metric=revenue_total&from=2026-11-01&to=2026-11-07`);
    assert.equal(stats.status, 200, stats.text);
    assert.equal(stats.body.rows.length, 7);
    assert.ok(stats.body.rows.every((r: { metricId: string }) => r.metricId === 'revenue_total'));
    for (const query of ['metric=nonsense', 'from=2020-01-01&to=2026-01-01', 'from=2026-11-07&to=2026-11-01', 'from=yesterday']) {
      const refused = await viewer.send('GET', `${base}/${GAME}/stats?${query}`);
      assert.equal(refused.status, 400, query);
    }
  });

  it('a viewer is refused every action (403), and nothing reaches Samsung', async () => {
    const before = stack.sandbox.galaxy.stateChangingCalls();
    const attempts = await Promise.all([
      viewer.send('POST', `${base}/${GAME}/submit`),
      viewer.send('POST', `${base}/${GAME}/go-live`),
      viewer.send('PUT', `${base}/${GAME}/rollout`, { rolloutRate: 50 }),
      viewer.send('PUT', `${base}/${GAME}/release-notes`, { releaseNotes: 'x' }),
      viewer.send('DELETE', `${base}/${GAME}/binaries/102`),
      viewer.send('PATCH', `${base}/${GAME}/iap/items/coins_100`, { prices: [{ countryId: 'USA', localPrice: '0.49' }] }),
      viewer.send('DELETE', `${base}/${GAME}/iap/items/coins_100`),
      viewer.upload(`${base}/${GAME}/binaries`, 'app.apk', new Uint8Array(10)),
    ]);
    for (const r of attempts) {
      assert.equal(r.status, 403, r.text);
      assert.equal(r.body.error.code, 'FORBIDDEN');
    }
    assert.equal(stack.sandbox.galaxy.stateChangingCalls(), before);
    const audit = await admin.send('GET', '/api/galaxy/audit?limit=50');
    const refused = audit.body.filter((e: { userId: string; outcome: string }) => e.userId === VIEWER && e.outcome === 'forbidden');
    assert.ok(refused.length >= 8, `${refused.length} refusals audited`);
    assert.ok(refused.every((e: { role: string }) => e.role === 'viewer'));
  });

  it('an unknown app and an unknown account answer like a forbidden one', async () => {
    const outsider = await signedInBrowser(stack.portalUrl, 'y0zpz1a2b3');
    const unknownApp = await viewer.send('GET', `${base}/000000000999`);
    const unknownAccount = await viewer.send('GET', `/api/galaxy/accounts/no-such-account/apps/${GAME}`);
    assert.equal(unknownApp.status, 403);
    assert.equal(unknownAccount.status, 403);
    assert.equal(unknownApp.body.error.code, unknownAccount.body.error.code);
    assert.equal(unknownApp.body.error.message, unknownAccount.body.error.message);
    assert.ok(outsider.csrf);
  });

  it('a releaser uploads a binary (opening a draft), sets release notes, submits once; a second submit is 409 without a call', async () => {
    const before = stack.sandbox.galaxy.uploadedFiles();
    assert.equal(stack.sandbox.galaxy.publishing.find(RUNNER)!.draft, undefined);
    const up = await releaser.upload(`${base}/${RUNNER}/binaries`, 'runner.apk', new Uint8Array(300_000).fill(7));
    assert.equal(up.status, 201, up.text);
    assert.equal(up.body.fileSize, '300000');
    assert.match(up.body.fileName, /^runner-\d{8}T\d{9}Z\.apk$/);
    assert.equal(stack.sandbox.galaxy.uploadedFiles(), before + 1);
    const draft = stack.sandbox.galaxy.publishing.find(RUNNER)!.draft!;
    assert.ok(draft.binaries.some((b) => b.binarySeq === up.body.binarySeq && b.fileName === up.body.fileName));

    const notes = await releaser.send('PUT', `${base}/${RUNNER}/release-notes`, { releaseNotes: 'Faster levels' });
    assert.equal(notes.status, 200, notes.text);
    assert.equal(stack.sandbox.galaxy.publishing.find(RUNNER)!.draft!.fields.newFeature, 'Faster levels');

    const submitted = await releaser.send('POST', `${base}/${RUNNER}/submit`);
    assert.equal(submitted.status, 200, submitted.text);
    assert.equal(submitted.body.status, 'UNDER_REVIEW');
    const again = await releaser.send('POST', `${base}/${RUNNER}/submit`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'RELEASE_STATE_CONFLICT');
    assert.match(again.body.error.message, /UNDER_REVIEW/);
    assert.equal(stack.sandbox.counters.get('galaxy.contentSubmit'), 1);
  });

  it('go live asks for a confirmation bound to the action and the app', async () => {
    await new Promise((r) => setTimeout(r, 1200)); // the sandbox's review takes a second
    const ask = await releaser.send('POST', `${base}/${RUNNER}/go-live`);
    assert.equal(ask.status, 202, ask.text);
    assert.equal(ask.body.confirmationRequired, true);
    assert.equal(stack.sandbox.counters.get('galaxy.contentStatusUpdate'), 0);
    const forged = await releaser.send('POST', `${base}/${RUNNER}/go-live`, { confirmToken: `${ask.body.confirmToken}x` });
    assert.equal(forged.status, 428);
    assert.equal(forged.body.error.code, 'CONFIRMATION_REQUIRED');
    const otherApp = await releaser.send('POST', `${base}/${GAME}/go-live`, { confirmToken: ask.body.confirmToken });
    assert.equal(otherApp.status, 428);
    const otherSession = await admin.send('POST', `${base}/${RUNNER}/go-live`, { confirmToken: ask.body.confirmToken });
    assert.equal(otherSession.status, 428, 'a token is bound to the session that asked');
    assert.equal(stack.sandbox.counters.get('galaxy.contentStatusUpdate'), 0);
    const done = await releaser.send('POST', `${base}/${RUNNER}/go-live`, { confirmToken: ask.body.confirmToken });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'FOR_SALE');
    const runner = stack.sandbox.galaxy.publishing.find(RUNNER)!;
    assert.equal(runner.draft, undefined);
    assert.equal(runner.live!.fields.newFeature, 'Faster levels');
  });

  it('rollout and IAP price changes reach the sandbox; completing the rollout is confirmed', async () => {
    const raised = await releaser.send('PUT', `${base}/${RUNNER}/rollout`, { rolloutRate: 20 });
    assert.equal(raised.status, 200, raised.text);
    const read = await viewer.send('GET', `${base}/${RUNNER}/rollout`);
    assert.equal(read.body.rate.rolloutRate, 20);
    const ask = await releaser.send('PUT', `${base}/${RUNNER}/rollout`, { complete: true });
    assert.equal(ask.status, 202);
    const complete = await releaser.send('PUT', `${base}/${RUNNER}/rollout`, { complete: true, confirmToken: ask.body.confirmToken });
    assert.equal(complete.status, 200, complete.text);
    const price = await releaser.send('PATCH', `${base}/${GAME}/iap/items/coins_100`, { prices: [{ countryId: 'USA', localPrice: '0.49' }] });
    assert.equal(price.status, 200, price.text);
    const item = await viewer.send('GET', `${base}/${GAME}/iap/items/coins_100`);
    assert.equal(item.body.prices.find((p: { countryId: string }) => p.countryId === 'USA').localPrice, '0.49');
  });

  it('refuses what is not an .apk/.aab and what passes GALAXY_MAX_UPLOAD_MB; nothing is stored', async () => {
    const before = stack.sandbox.galaxy.uploadedFiles();
    const sessions = stack.sandbox.counters.get('galaxy.createUploadSession');
    const text = await releaser.upload(`${base}/${GAME}/binaries`, 'notes.txt', new Uint8Array(10));
    assert.equal(text.status, 400, text.text);
    assert.equal(text.body.error.code, 'UPLOAD_INVALID');
    const big = await releaser.upload(`${base}/${GAME}/binaries`, 'big.apk', new Uint8Array(2 * 1024 * 1024));
    assert.equal(big.status, 413, big.text);
    assert.equal(big.body.error.code, 'UPLOAD_TOO_LARGE');
    assert.equal(stack.sandbox.counters.get('galaxy.createUploadSession'), sessions, 'a declared size over the cap is refused before any upload session');
    // Sent chunked (no content-length): cut off as it passes the cap.
    const chunked = await releaser.uploadChunked(`${base}/${GAME}/binaries`, 'big.apk', 2 * 1024 * 1024);
    assert.equal(chunked.status, 413, chunked.text);
    assert.equal(chunked.body.error.code, 'UPLOAD_TOO_LARGE');
    assert.equal(stack.sandbox.galaxy.uploadedFiles(), before);
    const exact = await releaser.uploadChunked(`${base}/${GAME}/binaries`, 'exact.apk', 1024 * 1024);
    assert.equal(exact.status, 201, `a file of exactly GALAXY_MAX_UPLOAD_MB passes: ${exact.text}`);
  });

  it('bad input is refused before anything is called: rollout rates, IAP patches, malformed and cut-off uploads', async () => {
    const before = stack.sandbox.galaxy.stateChangingCalls();
    for (const body of [{ rolloutRate: 0 }, { rolloutRate: 'fifty' }, { countries: [null] }, {}, { countries: [{ countryCode: 'kor', rolloutRate: 5 }] }]) {
      const r = await releaser.send('PUT', `${base}/${GAME}/rollout`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    for (const body of [{ prices: 'cheap' }, { prices: [{ countryId: 'USA', localPrice: 0.49 }] }, { prices: [] }, { status: 'REMOVED' }]) {
      const r = await releaser.send('PATCH', `${base}/${GAME}/iap/items/coins_100`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    assert.equal(stack.sandbox.galaxy.stateChangingCalls(), before);
    // A body that ends inside the file part, on an app in review (refused before the file is read): no crash.
    const raw = '--b\r\ncontent-disposition: form-data; name="file"; filename="a.apk"\r\n\r\nabc';
    const cut = await fetch(`${stack.portalUrl}${base}/000007000020/binaries`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'multipart/form-data; boundary=b', cookie: releaserBrowser.browser.cookieHeader(stack.portalUrl), origin: stack.portalUrl, 'x-csrf-token': releaserBrowser.csrf },
    });
    assert.ok([400, 409].includes(cut.status), `answered ${cut.status}`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await fetch(`${stack.portalUrl}/healthz`)).status, 200, 'the portal is still up');
  });

  it('every action is audited with the operator, role, app and Samsung answer', async () => {
    const audit = await admin.send('GET', '/api/galaxy/audit?limit=200');
    const ofReleaser = audit.body.filter((e: { userId: string }) => e.userId === RELEASER);
    for (const action of ['binary.upload', 'notes.set', 'app.submit', 'app.go_live', 'rollout.set', 'rollout.complete', 'iap.patch']) {
      const ok = ofReleaser.find((e: { action: string; outcome: string }) => e.action === action && e.outcome === 'ok');
      assert.ok(ok, `${action} audited`);
      assert.equal(ok.role, 'releaser');
      assert.equal(ok.samsungCode, 'ok');
      assert.match(ok.contentId, /^\d{12}$/);
    }
    const conflict = ofReleaser.find((e: { action: string; outcome: string }) => e.action === 'app.submit' && e.outcome === 'error');
    assert.equal(conflict.detail, 'RELEASE_STATE_CONFLICT');
  });

  it('pages: a viewer sees no action, a releaser sees them; a page form works without JavaScript', async () => {
    const viewerPage = await viewerBrowser.browser.get(`${stack.portalUrl}/apps/${accountId}/${GAME}`);
    assert.equal(viewerPage.status, 200);
    assert.doesNotMatch(viewerPage.body, /data-action=/);
    assert.match(viewerPage.body, /<svg class="chart"[^>]*role="img"/);
    assert.match(viewerPage.body, /<caption>Installs per day<\/caption>/);
    const list = await viewerBrowser.browser.get(`${stack.portalUrl}/apps`);
    assert.match(list.body, /My Game/);

    const page = await releaserBrowser.browser.get(`${stack.portalUrl}/apps/${accountId}/${RUNNER}`);
    assert.match(page.body, /data-action="rollout-complete"/);
    const action = formAction(page.body, 'data-action="release-notes"');
    assert.ok(action);
    const posted = await releaserBrowser.browser.post(`${stack.portalUrl}${action}`, { _csrf: releaserBrowser.csrf, releaseNotes: 'Page notes' }, { origin: stack.portalUrl });
    assert.equal(posted.status, 303, posted.body);
    const after = await releaserBrowser.browser.get(`${stack.portalUrl}${posted.location}`);
    assert.match(after.body, /Release notes saved/);
    assert.match(after.body, /Page notes/);
    const noCsrf = await releaserBrowser.browser.post(`${stack.portalUrl}${action}`, { releaseNotes: 'x' }, { origin: stack.portalUrl });
    assert.equal(noCsrf.status, 403);
    // The upload form is multipart: its _csrf field must come first and match.
    const uploads = stack.sandbox.galaxy.uploadedFiles();
    for (const csrf of [undefined, 'forged-token-0123456789-0123456789-0123']) {
      const form = new FormData();
      if (csrf) form.append('_csrf', csrf);
      form.append('file', new Blob([new Uint8Array(100)]), 'x.apk');
      const res = await fetch(`${stack.portalUrl}/apps/${accountId}/${GAME}/binaries`, { method: 'POST', body: form, headers: { cookie: releaserBrowser.browser.cookieHeader(stack.portalUrl), origin: stack.portalUrl } });
      assert.equal(res.status, 403, `upload form with ${csrf ?? 'no'} _csrf`);
    }
    assert.equal(stack.sandbox.galaxy.uploadedFiles(), uploads);

    for (const body of [viewerPage.body, list.body, page.body, after.body]) assert.ok(!body.includes(accessToken), 'no page shows the token');
    assert.ok(!stack.logs.some((l) => l.includes(accessToken)), 'no log line holds the token');
  });
});
