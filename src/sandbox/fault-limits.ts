/**
 * Bounds on injected faults, so that a fault rule (over HTTP above all) cannot make the sandbox
 * hold a request for ever, answer gigabytes or redirect anywhere with a huge URL.
 */
const MAX = {
  routeLength: 100,
  times: 10_000,
  delayMs: 120_000,
  intervalMs: 10_000,
  bytes: 16 * 1024 * 1024,
  bodyBytes: 16 * 1024,
  headers: 20,
  headerBytes: 1024,
  locationLength: 2048,
} as const;

/** Why `rule` is not an acceptable fault rule, or undefined when it is. */
export function faultRuleProblem(rule: unknown): string | undefined {
  if (typeof rule !== 'object' || rule === null) return 'not an object';
  const r = rule as Record<string, unknown>;
  if (typeof r.route !== 'string' || r.route === '' || r.route.length > MAX.routeLength) return `route must be a name of up to ${MAX.routeLength} characters`;
  const times = r.times as number;
  if (r.times !== undefined && times !== Infinity && !(Number.isInteger(times) && (times === -1 || (times >= 1 && times <= MAX.times)))) {
    return `times must be -1 or Infinity (until cleared), or 1 to ${MAX.times}`;
  }
  if (typeof r.fault !== 'object' || r.fault === null) return 'fault must be an object';
  const f = r.fault as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !/^[a-z][a-z-]{0,31}$/.test(f.kind)) return 'fault.kind must be a fault name';
  const bounded = (name: string, min: number, max: number) =>
    f[name] !== undefined && !(typeof f[name] === 'number' && Number.isFinite(f[name]) && (f[name] as number) >= min && (f[name] as number) <= max)
      ? `fault.${name} must be a number from ${min} to ${max}`
      : undefined;
  const problem =
    bounded('ms', 0, MAX.delayMs) ??
    bounded('intervalMs', 1, MAX.intervalMs) ??
    bounded('bytes', 0, MAX.bytes) ??
    bounded('chunkDelayMs', 0, MAX.intervalMs) ??
    bounded('status', 100, 599);
  if (problem) return problem;
  if (f.body !== undefined && Buffer.byteLength(JSON.stringify(f.body) ?? '') > MAX.bodyBytes) return `fault.body must be at most ${MAX.bodyBytes} bytes of JSON`;
  if (f.headers !== undefined) {
    if (typeof f.headers !== 'object' || f.headers === null) return 'fault.headers must be an object';
    const entries = Object.entries(f.headers);
    if (entries.length > MAX.headers || entries.some(([k, v]) => typeof v !== 'string' || k.length + v.length > MAX.headerBytes)) {
      return `fault.headers: at most ${MAX.headers} string headers of ${MAX.headerBytes} bytes`;
    }
  }
  if (f.location !== undefined && (typeof f.location !== 'string' || f.location.length > MAX.locationLength)) return `fault.location must be a URL of up to ${MAX.locationLength} characters`;
  return undefined;
}
