/**
 * `samsung-auth doctor`: walks the path a token takes (key, clock, JWT, access-token request)
 * and says in plain words where it breaks. Never prints the key, the JWT or the token.
 */
import { checkAccessToken, requestAccessToken, revokeAccessToken } from '../../galaxy/access-token.js';
import { createGalaxyJwtClaims, signGalaxyJwt } from '../../galaxy/create-jwt.js';
import { GalaxyApiError } from '../../galaxy/galaxy-error.js';
import { formatMode, type ServiceAccountKey } from '../../galaxy/load-private-key.js';
import { measureClockSkew, type ClockSkew } from '../../galaxy/measure-clock-skew.js';
import { isSamsungAuthError } from '../../errors.js';
import type { Command } from '../cli-context.js';
import {
  accessToken,
  connection,
  loadKey,
  parseOptions,
  type OptionValues,
  scopes,
  serviceAccountId,
} from '../cli-options.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import { HELP } from '../help.js';

type Status = 'ok' | 'warn' | 'fail' | 'skipped';
interface Check {
  name: string;
  status: Status;
  detail: string;
  hint?: string;
  code?: string;
  exitCode?: number;
}

/** Beyond this, the clock is worth a warning: Samsung judges iat/exp by its own clock. */
const SKEW_WARN_SECONDS = 10;

const FORMAT_NAMES: Record<ServiceAccountKey['format'], string> = { pkcs1: 'PKCS#1 PEM', pkcs8: 'PKCS#8 PEM', jwk: 'JWK' };

interface Settings {
  id: string;
  wanted: ReturnType<typeof scopes>;
  conn: ReturnType<typeof connection>;
}

export const runDoctor: Command = async (args, ctx) => {
  const v = parseOptions(args, {}, 'doctor');
  if (v.help) {
    ctx.out(HELP.doctor ?? '');
    return EXIT.OK;
  }
  const report = new Report();
  // Each problem is reported, and the checks that do not depend on it still run.
  const settings = report.run('settings', () => checkSettings(v, ctx.env));
  const key = await report.runAsync('key', () => checkKey(v, ctx.env));
  let skew: ClockSkew | undefined;
  let reachable = true;
  if (settings) {
    skew = await report.runAsync('clock', () => checkClock(settings));
    reachable = skew !== undefined;
  } else report.skip('clock', 'needs valid settings');

  const jwt = settings && key ? report.run('jwt', () => checkJwt(settings, key)) : report.skip('jwt', 'needs valid settings and a usable key');
  if (settings && jwt && reachable) {
    await report.runAsync('access token', () => checkAccessTokenRequest(settings, jwt), (err) => (err instanceof GalaxyApiError ? explain(err, skew) : undefined));
  } else report.skip('access token', reachable ? 'needs a JWT' : 'the API is unreachable');

  // A token the caller already holds (--token or GALAXY_ACCESS_TOKEN) is checked too, never revoked.
  if (typeof v.token === 'string' || ctx.env.GALAXY_ACCESS_TOKEN) {
    if (settings && reachable) await report.runAsync('given token', () => checkGivenToken(settings, v, ctx.env));
    else report.skip('given token', settings ? 'the API is unreachable' : 'needs valid settings');
  }

  const exitCode = report.exitCode();
  if (v.json) {
    ctx.out(`${JSON.stringify({ ok: exitCode === EXIT.OK, exitCode, checks: report.checks.map(({ exitCode: _e, ...c }) => c) }, null, 2)}\n`);
  } else {
    ctx.out(render(report.checks));
  }
  return exitCode;
};

/** What a check found: a detail line, and optionally a warning and its hint, plus a value for later checks. */
interface Finding<T> {
  value: T;
  detail: string;
  warn?: string;
}

/** The checks in the order they ran; a failed check keeps its error's code and exit code. */
class Report {
  readonly checks: Check[] = [];

  run<T>(name: string, check: () => Finding<T>): T | undefined {
    try {
      return this.#ok(name, check());
    } catch (err) {
      this.#fail(name, err);
      return undefined;
    }
  }

  async runAsync<T>(name: string, check: () => Promise<Finding<T>>, hintFor?: (err: unknown) => string | undefined): Promise<T | undefined> {
    try {
      return this.#ok(name, await check());
    } catch (err) {
      this.#fail(name, err, hintFor?.(err));
      return undefined;
    }
  }

  skip(name: string, detail: string): undefined {
    this.checks.push({ name, status: 'skipped', detail });
    return undefined;
  }

  exitCode(): number {
    return this.checks.find((c) => c.status === 'fail')?.exitCode ?? EXIT.OK;
  }

  #ok<T>(name: string, f: Finding<T>): T {
    this.checks.push({ name, status: f.warn ? 'warn' : 'ok', detail: f.detail, ...(f.warn ? { hint: f.warn } : {}) });
    return f.value;
  }

  #fail(name: string, err: unknown, hint?: string): void {
    this.checks.push(
      isSamsungAuthError(err)
        ? { name, status: 'fail', detail: err.message, hint: hint || err.hint, code: err.code, exitCode: exitCodeFor(err) }
        : { name, status: 'fail', detail: 'unexpected internal error', exitCode: EXIT.INTERNAL },
    );
  }
}

function checkSettings(v: OptionValues, env: NodeJS.ProcessEnv): Finding<Settings> {
  const settings = { id: serviceAccountId(v, env, 'doctor'), wanted: scopes(v), conn: connection(v, env, 'doctor') };
  return { value: settings, detail: `service account ${settings.id}, scopes ${settings.wanted.join(',')}, API ${settings.conn.apiUrl}` };
}

async function checkKey(v: OptionValues, env: NodeJS.ProcessEnv): Promise<Finding<ServiceAccountKey>> {
  const key = await loadKey(v, env, 'doctor');
  const mode = key.fileMode === undefined ? '' : `, permissions ${formatMode(key.fileMode)}`;
  const repaired = key.repairs.length > 0 ? `; repaired: ${key.repairs.join(', ')}` : '';
  const open = key.fileMode !== undefined && (key.fileMode & 0o077) !== 0;
  return {
    value: key,
    detail: `${FORMAT_NAMES[key.format]}, RSA ${key.modulusBits} bits, from ${key.origin.replace(/^Key file /, 'file ')}${mode}${repaired}`,
    warn: open
      ? 'Group or others can read this key; run "chmod 600" on it.'
      : repaired
        ? 'The key text was damaged and repaired in memory; store a clean copy so other tools can read it.'
        : undefined,
  };
}

async function checkClock(settings: Settings): Promise<Finding<ClockSkew>> {
  const skew = await measureClockSkew(settings.conn);
  const off = skew.offsetSeconds;
  const words = off === 0 ? 'matches the API clock' : `is ${Math.abs(off)} s ${off < 0 ? 'ahead of' : 'behind'} the API clock`;
  return {
    value: skew,
    detail: `this machine's clock ${words} (Date header, ${skew.roundTripMs} ms round trip)`,
    warn:
      Math.abs(off) > SKEW_WARN_SECONDS
        ? 'Synchronise the clock (NTP): Samsung refuses a JWT whose iat is in its future or whose exp has passed (422).'
        : undefined,
  };
}

function checkJwt(settings: Settings, key: ServiceAccountKey): Finding<string> {
  const claims = createGalaxyJwtClaims({ serviceAccountId: settings.id, scopes: settings.wanted, privateKey: key });
  return {
    value: signGalaxyJwt(claims, key),
    detail: `RS256, iss ${claims.iss}, scopes ${claims.scopes.join(',')}, exp - iat = ${claims.exp - claims.iat} s (iat backdated for clock skew)`,
  };
}

async function checkAccessTokenRequest(settings: Settings, jwt: string): Promise<Finding<true>> {
  const { accessToken: token } = await requestAccessToken({ ...settings.conn, jwt });
  const call = { ...settings.conn, serviceAccountId: settings.id, accessToken: token };
  try {
    await checkAccessToken(call);
  } finally {
    // The token is never shown, so it is never left live: revoked whatever the check said.
    await revokeAccessToken(call).catch(() => undefined);
  }
  return { value: true, detail: 'Galaxy Store issued an access token (not shown), checkAccessToken accepted it, and it was revoked' };
}

async function checkGivenToken(settings: Settings, v: OptionValues, env: NodeJS.ProcessEnv): Promise<Finding<true>> {
  const token = await accessToken(v, env, 'doctor');
  await checkAccessToken({ ...settings.conn, serviceAccountId: settings.id, accessToken: token });
  return { value: true, detail: 'checkAccessToken accepted the token you gave (not shown); it stays live' };
}

/** Plain words for the access-token answer, using the measured clock skew when it explains a 422. */
function explain(err: GalaxyApiError, skew: ClockSkew | undefined): string {
  if (err.httpStatus === 422 && skew && Math.abs(skew.offsetSeconds) > SKEW_WARN_SECONDS) {
    return `Clock skew: this machine is ${Math.abs(skew.offsetSeconds)} s ${skew.offsetSeconds < 0 ? 'ahead of' : 'behind'} Galaxy Store, so the JWT's times look wrong to it. Synchronise the clock (NTP) and try again.`;
  }
  return err.hint ?? '';
}

function render(checks: Check[]): string {
  const label: Record<Status, string> = { ok: 'ok   ', warn: 'warn ', fail: 'FAIL ', skipped: 'skip ' };
  const lines = ['samsung-auth doctor'];
  for (const c of checks) {
    lines.push(`  ${label[c.status]} ${c.name}: ${c.detail}`);
    if (c.hint && c.status !== 'ok') lines.push(`        -> ${c.hint}`);
  }
  const fails = checks.filter((c) => c.status === 'fail').length;
  const warns = checks.filter((c) => c.status === 'warn').length;
  lines.push(fails === 0 ? `All checks passed${warns ? ` (${warns} warning${warns > 1 ? 's' : ''})` : ''}.` : `${fails} check${fails > 1 ? 's' : ''} failed.`);
  return `${lines.join('\n')}\n`;
}
