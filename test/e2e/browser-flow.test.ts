/**
 * The whole product in a real browser (Debian's Chromium through playwright-core), as a person
 * would walk it: home -> sign in -> the sandbox's signInGate -> a demo user -> /account -> mint a
 * token, see it once, copy it -> check -> list contents -> revoke -> sign out through
 * signOutGate. Console errors and CSP violations fail the test. Screenshots of every step go to
 * test-output/e2e/ (git-ignored) and stay there.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, launchChromiumWithPreferences, NO_CHROMIUM } from '../helpers/chromium.js';
import { startStack } from '../helpers/stack.js';

const OPERATOR = 'y0zpz1a2b3';
const SHOTS = join(process.cwd(), 'test-output', 'e2e');

/** Records console errors and CSP violations of every page in a context. */
async function watch(context: BrowserContext): Promise<string[]> {
  const problems: string[] = [];
  await context.exposeBinding('__reportViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  context.on('page', (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  });
  return problems;
}

function shooter(name: string): (page: Page, step: string) => Promise<void> {
  const dir = join(SHOTS, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, step) => {
    n += 1;
    const path = join(dir, `${String(n).padStart(2, '0')}-${step}.png`);
    // Chromium sometimes answers "Unable to capture screenshot" on a busy machine (seen once in a
    // full run with two test files at a time): the page is fine, the capture is tried again.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.screenshot({ path, fullPage: true });
        return;
      } catch (err) {
        if (attempt >= 3 || !String(err).includes('Unable to capture screenshot')) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
}

describe('in a real browser', () => {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('walks the whole product: sign in, mint and copy, check, contents, revoke, sign out', async (t) => {
    if (!browser) return t.skip(NO_CHROMIUM);
    const stack = await startStack({ galaxy: { operators: [OPERATOR] } });
    const context = await browser.newContext();
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.portalUrl });
      const problems = await watch(context);
      const page = await context.newPage();
      const shot = shooter('operator-flow');

      await page.goto(`${stack.portalUrl}/`);
      await shot(page, 'home');
      await page.getByRole('link', { name: 'Sign in with Samsung Account' }).click();
      await page.waitForURL((url) => url.href.startsWith(`${stack.sandbox.url}/accounts/v1/`));
      await shot(page, 'sign-in-gate');
      await page.locator(`button[data-user-id="${OPERATOR}"]`).click();
      await page.waitForURL(`${stack.portalUrl}/account`);
      await shot(page, 'account');
      assert.equal(await page.locator('#user-id').textContent(), OPERATOR);

      await page.locator('button[data-action="mint"]').click();
      await page.waitForSelector('#access-token');
      await shot(page, 'token-revealed');
      const token = (await page.locator('#access-token').textContent())!.trim();
      assert.match(token, /^[\w-]{16,}$/);
      await page.locator('button[data-copy]').click();
      await page.waitForFunction(() => document.querySelector('[data-copy]')?.textContent === 'Copied');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token, 'the copy button copied the token');

      await page.getByRole('link', { name: 'Back to your account' }).click();
      await page.waitForURL(`${stack.portalUrl}/account`);
      assert.ok(!(await page.content()).includes(token), 'the token is shown once only');
      await page.locator('button[data-action="check"]').click();
      await page.waitForSelector('.flash.ok');
      assert.match((await page.locator('.flash').textContent())!, /is valid/);
      await shot(page, 'checked');

      await page.locator('a[data-action="contents"]').click();
      await page.waitForSelector('table#contents');
      await shot(page, 'contents');
      assert.ok((await page.locator('table#contents tbody tr').count()) > 0);
      await page.getByRole('link', { name: 'Back to your account' }).click();

      await page.locator('button[data-action="revoke"]').click();
      await page.waitForSelector('.flash.ok');
      assert.match((await page.locator('.flash').textContent())!, /Revoked the current token/);
      await shot(page, 'revoked');
      const check = await fetch(`${stack.sandbox.galaxyUrl}/auth/checkAccessToken`, {
        headers: { authorization: `Bearer ${token}`, 'service-account-id': stack.sandbox.galaxy.demoServiceAccount.id },
      });
      assert.equal(check.status, 401, 'revoked at Samsung');

      await page.locator('#sign-out').click();
      await page.waitForURL(`${stack.portalUrl}/`);
      await shot(page, 'signed-out');
      assert.equal(stack.sandbox.counters.get('account.signOutGate'), 1, 'the browser went through signOutGate');
      await page.getByRole('link', { name: 'Sign in with Samsung Account' }).waitFor();
      assert.equal((await context.cookies(stack.portalUrl)).filter((c) => c.name === 'sak.sid').length, 0, 'the session cookie is gone');
      assert.deepEqual(problems, [], 'no console error or CSP violation');
    } finally {
      await context.close();
      await stack.close();
    }
  });

  it('with cookies blocked, the callback explains why the sign-in failed', async (t) => {
    if (!browser) return t.skip(NO_CHROMIUM);
    const stack = await startStack();
    // Chromium's own setting: block all cookies.
    const context = (await launchChromiumWithPreferences({ profile: { default_content_setting_values: { cookies: 2 } } }))!;
    try {
      const page = await context.newPage();
      const shot = shooter('cookies-blocked');
      await page.goto(`${stack.portalUrl}/`);
      await page.getByRole('link', { name: 'Sign in with Samsung Account' }).click();
      await page.waitForURL((url) => url.href.startsWith(stack.sandbox.url));
      await page.locator('button[data-user-id]').first().click();
      await page.waitForSelector('.card.error');
      await shot(page, 'explained');
      const text = (await page.locator('.card.error').textContent())!;
      assert.match(text, /Cookies are blocked/);
      assert.match(text, /LOGIN_NOT_STARTED/);
      assert.equal(stack.sandbox.counters.get('account.token'), 0, 'no token call');
    } finally {
      await context.close();
      await stack.close();
    }
  });
});

describe('in a real browser, over https', () => {
  it('signs in over https with a __Host- Secure cookie and HSTS', async (t) => {
    const browser = await launchChromium();
    if (!browser) return t.skip(NO_CHROMIUM);
    const tls = selfSignedCertificate();
    const stack = await startStack({ tls });
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const problems = await watch(context);
      const page = await context.newPage();
      const shot = shooter('https');
      const home = await page.goto(`${stack.portalUrl}/`);
      assert.match(home!.headers()['strict-transport-security'] ?? '', /max-age=\d+/);
      await page.getByRole('link', { name: 'Sign in with Samsung Account' }).click();
      await page.waitForURL((url) => url.href.startsWith(stack.sandbox.url));
      await page.locator('button[data-user-id]').first().click();
      await page.waitForURL(`${stack.portalUrl}/account`);
      await shot(page, 'account');
      const cookies = await context.cookies(stack.portalUrl);
      const session = cookies.find((c) => c.name === '__Host-sak.sid');
      assert.ok(session, `the session cookie is __Host- prefixed (${cookies.map((c) => c.name).join(', ')})`);
      assert.equal(session.secure, true);
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.path, '/');
      assert.equal(session.domain, '127.0.0.1', 'host-only');
      await page.locator('#sign-out').click();
      await page.waitForURL(`${stack.portalUrl}/`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await stack.close();
      await browser.close();
    }
  });
});

/** A throwaway certificate for 127.0.0.1, made with openssl (installed by .ci/run). */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sak-tls-'));
  const result = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'pipe' },
  );
  assert.equal(result.status, 0, result.stderr?.toString());
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}
