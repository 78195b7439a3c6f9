/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), headless, with the
 * flags this workplace needs and a fresh profile. `.ci/run` installs the `chromium` package; on a
 * machine without it the browser tests skip with the reason, except in CI, where they fail.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const NO_CHROMIUM = `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launchChromium(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI) throw new Error(`${NO_CHROMIUM}; .ci/run must install it`);
    return undefined;
  }
  // playwright gives each launch a fresh temporary --user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
}

/**
 * A browser with a fresh profile whose Chromium preferences are set first, e.g.
 * `{ profile: { default_content_setting_values: { cookies: 2 } } }` to block all cookies.
 */
export async function launchChromiumWithPreferences(preferences: Record<string, unknown>): Promise<BrowserContext | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI) throw new Error(`${NO_CHROMIUM}; .ci/run must install it`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sak-chromium-'));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(preferences));
  return chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}
