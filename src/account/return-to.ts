/**
 * Collapses a `returnTo` value to a same-origin path, or the fallback. Anything that a browser
 * could read as another origin is refused: absolute and scheme-relative URLs (`//x`, `/\x`, and
 * their percent-encoded forms), other schemes (`javascript:`), control characters (CRLF).
 *
 * @example
 * ```ts
 * safeReturnTo('/orders?page=2', '/account'); // '/orders?page=2'
 * safeReturnTo('//evil.example/', '/account'); // '/account'
 * ```
 */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let decoded = value;
  // Decode a few rounds so that /%2F%2Fevil or /%252F%252Fevil cannot become //evil later.
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return fallback;
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/^[/\\]{2}|[\u0000-\u001f\u007f\\]/.test(decoded)) return fallback;
  // Let the URL parser be the judge: resolved against a dummy origin, it must stay there. And
  // judge what it resolved to, not only the input: its dot-segment removal turns `/..//evil`,
  // `/.//evil` or `/%2e%2e//evil` into `//evil`, which a browser reads as another host.
  const base = 'http://return-to.invalid';
  try {
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    const path = url.pathname + url.search + url.hash;
    return isSameOriginPath(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

/** A path a browser resolves against the current origin: one leading `/`, never `//` or `/\`. */
function isSameOriginPath(path: string): boolean {
  return path.startsWith('/') && !/^\/[/\\]/.test(path) && !/^\/%(2f|5c)/i.test(path);
}
