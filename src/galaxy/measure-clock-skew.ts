/**
 * Measures how far this machine's clock is from Galaxy Store's, from the `Date` header of one
 * unauthenticated request. Samsung refuses a JWT whose `iat` is in its future or whose `exp` is
 * past (422), so a wrong clock looks like a broken key unless it is measured.
 */
import { SamsungAuthError } from '../errors.js';
import { describeTarget, httpRequest } from '../http/request.js';
import { DEFAULT_GALAXY_TIMEOUT_MS, resolveGalaxyApiUrl, type GalaxyConnection } from './lib/send-galaxy-request.js';

/** What {@link measureClockSkew} found. */
export interface ClockSkew {
  /** Server time minus local time, whole seconds (the `Date` header has 1 s resolution). */
  offsetSeconds: number;
  serverDate: Date;
  roundTripMs: number;
}

/**
 * Measures server time minus local time against the Galaxy Store API (`samsung-auth doctor` uses it).
 *
 * @param options where to ask; `now` substitutes the local clock (milliseconds).
 * @throws `UPSTREAM_*` when the API cannot be reached or sends no usable `Date` header.
 * @example
 * ```ts
 * const { offsetSeconds } = await measureClockSkew({ apiUrl: 'https://devapi.samsungapps.com' });
 * ```
 */
export async function measureClockSkew(options: GalaxyConnection & { now?: () => number } = {}): Promise<ClockSkew> {
  const now = options.now ?? Date.now;
  // An unauthenticated GET: it carries no secret, and every answer, even 401, has a Date header.
  const url = `${resolveGalaxyApiUrl(options.apiUrl, options.allowInsecureHttp)}/auth/checkAccessToken`;
  const sent = now();
  const res = await httpRequest({
    method: 'GET',
    url,
    timeoutMs: options.timeoutMs ?? DEFAULT_GALAXY_TIMEOUT_MS,
    maxBodyBytes: 64 * 1024,
    fetch: options.fetch,
  });
  const received = now();
  const header = res.headers.get('date');
  const serverDate = header ? new Date(header) : undefined;
  if (!serverDate || Number.isNaN(serverDate.getTime())) {
    throw new SamsungAuthError('UPSTREAM_INVALID_RESPONSE', `${describeTarget('GET', url)} sent no usable Date header.`, {
      status: 502,
      hint: 'Clock skew cannot be measured against this server; check the machine clock against a time server instead.',
    });
  }
  // The header is truncated to the second; compare with the middle of the round trip.
  const offsetSeconds = Math.round((serverDate.getTime() + 500 - (sent + received) / 2) / 1000);
  return { offsetSeconds, serverDate, roundTripMs: received - sent };
}
