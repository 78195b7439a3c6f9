/** URL checks shared by the environment loader and the library's option validation. */
import { isIP } from 'node:net';

/** Loopback hosts may use plain http; everything else upstream must be https. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Why `value` is not an acceptable upstream URL (https, or http on loopback), or undefined when
 * it is.
 */
export function upstreamUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'must use https (plain http is allowed only for loopback hosts)';
  return 'must be an http(s) URL';
}

/** Why `value` is not an absolute http(s) URL, or undefined. */
export function httpUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
    if (url.username || url.password) return 'must not carry credentials';
    if (url.hash) return 'must not have a #fragment';
    return undefined;
  } catch {
    return 'is not an absolute URL';
  }
}

/**
 * Host patterns for `SAMSUNG_TRUSTED_AUTH_HOSTS`: exact host names or `*.domain` wildcards (one
 * or more labels).
 */
export function hostPatternProblem(pattern: string): string | undefined {
  if (/^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i.test(pattern) || /^[a-z0-9-]+$/i.test(pattern)) return undefined;
  // Loopback literals, so a test server on another port can stand in for a region.
  if (pattern === '::1' || (isIP(pattern) === 4 && pattern.startsWith('127.'))) return undefined;
  return `"${pattern}" is not a host name or a *.domain pattern`;
}

export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((p) => {
    const pattern = p.toLowerCase();
    if (pattern.startsWith('*.')) return h.endsWith(pattern.slice(1)) && h.length > pattern.length - 1;
    return h === pattern;
  });
}
