/**
 * The release console in a real browser (Debian's Chromium): an admin mints the account's token;
 * a releaser uploads a binary through the page's form, sets release notes, submits and sees the
 * draft reach review, then goes live through the confirmation step; a viewer sees the same page
 * with no action button, and the same actions through the JSON API answer 403. Console errors
 * and CSP violations fail the test.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../helpers/chromium.js';
import { startStack, type Stack } from '../helpers/stack.js';

const ADMIN = 'y0zpz1a2b3';
const RELEASER = 'y0zpz4c5d6';
const VIEWER = 'y0zpz7e8f9';
const RUNNER = '000007000010';

async function signedInPage(context: BrowserContext, stack: Stack, userId: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(`${stack.portalUrl}/`);
  await page.getByRole('link', { name: 'Sign in with Samsung Account' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${stack.sandbox.url}/accounts/v1/`));
  await page.locator(`button[data-user-id="${userId}"]`).click();
  await page.waitForURL(`${stack.portalUrl}/account`);
  return page;
}

describe('the release console in a real browser', () => {
  let browser: Browser | undefined;
  let stack: Stack;
  before(async () => {
    browser = await launchChromium();
    stack = await startStack({
      galaxy: { operators: [ADMIN], roles: { [RELEASER]: 'releaser', [VIEWER]: 'viewer' } },
      sandbox: { reviewSeconds: 1 },
      env: { SAMSUNG_TRUSTED_AUTH_HOSTS: '127.0.0.1' },
    });
  });
  after(async () => {
    await browser?.close();
    await stack.close();
  });

  it('a releaser uploads, sets notes, submits and goes live; a viewer sees no action and is refused by the API', async (t) => {
    if (!browser) return t.skip(NO_CHROMIUM);
    const problems: string[] = [];
    const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
    try {
      const [adminCtx, releaserCtx, viewerCtx] = contexts as [BrowserContext, BrowserContext, BrowserContext];
      const admin = await signedInPage(adminCtx, stack, ADMIN, problems);
      await admin.locator('button[data-action="mint"]').click();
      await admin.waitForSelector('#access-token');

      const page = await signedInPage(releaserCtx, stack, RELEASER, problems);
      await page.locator('#open-console').click();
      await page.waitForURL(`${stack.portalUrl}/apps`);
      await page.getByRole('link', { name: 'Space Runner' }).click();
      await page.waitForSelector('#upload-form');
      assert.equal(await page.locator('#role').textContent(), 'releaser');

      const before = stack.sandbox.galaxy.uploadedFiles();
      await page.locator('#file').setInputFiles({ name: 'space-runner.apk', mimeType: 'application/vnd.android.package-archive', buffer: Buffer.alloc(200_000, 1) });
      await page.locator('button[data-action="upload"]').click();
      await page.waitForSelector('#flash');
      assert.match((await page.locator('#flash').textContent()) ?? '', /Uploaded space-runner-\d{8}T\d{9}Z\.apk \(200000 bytes\)/);
      assert.equal(stack.sandbox.galaxy.uploadedFiles(), before + 1);
      assert.equal(await page.locator('#draft .status').textContent(), 'UPDATING');

      await page.locator('#release-notes').fill('Smoother jumps');
      await page.locator('button[data-action="release-notes"]').click();
      await page.waitForSelector('#flash:has-text("Release notes saved")');
      assert.equal(await page.locator('#draft .release-notes').textContent(), 'Smoother jumps');

      await page.locator('button[data-action="submit"]').click();
      await page.waitForSelector('#flash:has-text("Submitted for review")');
      assert.equal(await page.locator('#draft .status').textContent(), 'UNDER_REVIEW');
      assert.equal(await page.locator('button[data-action="submit"]').count(), 0, 'no second submit is offered');

      await new Promise((r) => setTimeout(r, 1200)); // the sandbox's review
      await page.reload();
      await page.locator('button[data-action="go-live"]').click();
      await page.waitForSelector('#confirm');
      assert.equal(stack.sandbox.counters.get('galaxy.contentStatusUpdate'), 0, 'the first POST only asks');
      await page.locator('#confirm').click();
      await page.waitForSelector('#flash:has-text("On sale")');
      assert.equal(await page.locator('#live .status').textContent(), 'FOR_SALE');
      assert.equal(stack.sandbox.galaxy.publishing.find(RUNNER)!.live!.fields.newFeature, 'Smoother jumps');

      const viewer = await signedInPage(viewerCtx, stack, VIEWER, problems);
      await viewer.goto(`${stack.portalUrl}/apps/${stack.sandbox.galaxy.demoServiceAccount.id}/${RUNNER}`);
      assert.equal(await viewer.locator('#role').textContent(), 'viewer');
      assert.equal(await viewer.locator('#live .status').textContent(), 'FOR_SALE');
      assert.equal(await viewer.locator('[data-action]').count(), 0, 'a viewer sees no action');
      assert.equal(await viewer.locator('form[method="post"]').count(), 0);
      assert.deepEqual(problems, [], 'no console error or CSP violation while walking the pages');
      const statuses = await viewer.evaluate(async (base) => {
        const session = await (await fetch('/api/session')).json();
        const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken };
        const calls = [
          ['POST', `${base}/submit`],
          ['POST', `${base}/go-live`],
          ['PUT', `${base}/rollout`],
          ['PUT', `${base}/release-notes`],
        ];
        return Promise.all(calls.map(async ([method, url]) => (await fetch(url!, { method, headers, body: '{"rolloutRate":50,"releaseNotes":"x"}' })).status));
      }, `/api/galaxy/accounts/${stack.sandbox.galaxy.demoServiceAccount.id}/apps/${RUNNER}`);
      assert.deepEqual(statuses, [403, 403, 403, 403]);
      // The browser reports each refused fetch as a failed resource; nothing else.
      assert.deepEqual(problems.filter((p: string) => !p.includes('status of 403')), []);
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  });
});
