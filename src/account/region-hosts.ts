/**
 * The regional hosts a sign-in names (PROTOCOL §1.2): the callback's `auth_server_url` and
 * `api_server_url` are bare host names that decide where this user's token exchange, refresh,
 * revoke and profile calls go. They arrive in the browser's query string, so an attacker chooses
 * them: a host is used only when it is on the allowlist, over https (plain http and a port only
 * for a loopback host, so a test can stand in for a region), else the configured URL is used.
 */
import { hostMatches, isLoopbackHost } from '../config/url-rules.js';

/**
 * The exact production hosts Samsung's own sample app allows (PROTOCOL §1.2). Not a wildcard:
 * `*.samsungosp.com` would hand the client secret to any subdomain, a dangling one included.
 */
export const SAMSUNG_REGION_HOSTS: readonly string[] = Object.freeze([
  'us-auth2.samsungosp.com',
  'eu-auth2.samsungosp.com',
  'cn-auth2.samsungosp.com.cn',
  'auth.samsungosp.com',
  'api.samsungosp.com',
]);

/** What a callback-named host resolved to: an origin to call, or the host that was refused. */
export type RegionVerdict = { origin: string } | { refused: string } | undefined;

/**
 * The origin (`https://host`, or `http://127.0.0.1:port` for an allowed loopback host) a
 * callback-named host may be called at, `{ refused }` when it may not, undefined when none was named.
 *
 * @example
 * ```ts
 * trustedRegionOrigin('eu-auth2.samsungosp.com', SAMSUNG_REGION_HOSTS); // { origin: 'https://eu-auth2.samsungosp.com' }
 * trustedRegionOrigin('evil.example', SAMSUNG_REGION_HOSTS); // { refused: 'evil.example' }
 * ```
 */
export function trustedRegionOrigin(named: string | undefined, allowlist: readonly string[]): RegionVerdict {
  if (named === undefined || named === '') return undefined;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(named);
  let url: URL;
  try {
    url = new URL(hasScheme ? named : `https://${named}`);
  } catch {
    return { refused: 'unparsable' };
  }
  const host = url.hostname;
  const loopback = isLoopbackHost(host);
  const allowed =
    allowlist.length > 0 &&
    !url.username &&
    !url.password &&
    hostMatches(host.replace(/^\[|\]$/g, ''), allowlist) &&
    (url.protocol === 'https:' || (loopback && url.protocol === 'http:')) &&
    (loopback || url.port === '');
  if (!allowed) return { refused: host.slice(0, 253) || 'empty' };
  // A bare loopback host:port means plain http, as every loopback URL here (the sandbox).
  const scheme = loopback && !hasScheme ? 'http:' : url.protocol;
  return { origin: `${scheme}//${url.host}` };
}
