/** JSON calls to the portal API as a signed-in browser would make them (cookie, CSRF header, Origin). */
import type { TestBrowser } from './browser.js';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export async function api(
  browser: TestBrowser,
  portalUrl: string,
  method: string,
  path: string,
  options: { csrf?: string | undefined; origin?: string | null } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.csrf !== undefined) headers['x-csrf-token'] = options.csrf;
  if (options.origin !== null) headers.origin = options.origin ?? portalUrl;
  if (method !== 'GET') headers['content-type'] = 'application/json';
  const hop = await browser.request(`${portalUrl}${path}`, { method, headers, ...(method !== 'GET' ? { body: '{}' } : {}) });
  let body: unknown;
  try {
    body = JSON.parse(hop.body);
  } catch {
    body = undefined;
  }
  return { status: hop.status, headers: hop.headers, body, text: hop.body };
}
