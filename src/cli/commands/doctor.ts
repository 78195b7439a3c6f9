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
  ACCOUNT_OPTIONS,
  API_OPTIONS,
  KEY_OPTIONS,
  OUTPUT_OPTIONS,
  connection,
  loadKey,
  parseOptions,
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

export const runDoctor: Command = async (args, ctx) => {
  const v = parseOptions(args, { ...OUTPUT_OPTIONS, ...ACCOUNT_OPTIONS, ...KEY_OPTIONS, ...API_OPTIONS }, 'doctor');
  if (v.help) {
    ctx.out(HELP.doctor ?? '');
    return EXIT.OK;
  }
  const checks: Check[] = [];
  const failed = (name: string, err: unknown, hint?: string): Check => {
    const check: Check = isSamsungAuthError(err)
      ? { name, status: 'fail', detail: err.message, hint: hint ?? err.hint, code: err.code, exitCode: exitCodeFor(err) }
      : { name, status: 'fail', detail: 'unexpected internal error', exitCode: EXIT.INTERNAL };
    checks.push(check);
    return check;
  };

  // Settings: each problem is reported, and the checks that do not depend on it still run.
  let settings: { id: string; wanted: ReturnType<typeof scopes>; conn: ReturnType<typeof connection> } | undefined;
  try {
    settings = { id: serviceAccountId(v, ctx.env, 'doctor'), wanted: scopes(v), conn: connection(v, ctx.env, 'doctor') };
    checks.push({
      name: 'settings',
      status: 'ok',
      detail: `service account ${settings.id}, scopes ${settings.wanted.join(',')}, API ${settings.conn.apiUrl}`,
    });
  } catch (err) {
    failed('settings', err);
  }

  let key: ServiceAccountKey | undefined;
  try {
    key = await loadKey(v, ctx.env, 'doctor');
    const mode = key.fileMode === undefined ? '' : `, permissions ${formatMode(key.fileMode)}`;
    const repaired = key.repairs.length > 0 ? `; repaired: ${key.repairs.join(', ')}` : '';
    const open = key.fileMode !== undefined && (key.fileMode & 0o077) !== 0;
    checks.push({
      name: 'key',
      status: open || repaired ? 'warn' : 'ok',
      detail: `${FORMAT_NAMES[key.format]}, RSA ${key.modulusBits} bits, from ${key.origin.replace(/^Key file /, 'file ')}${mode}${repaired}`,
      hint: open
        ? 'Group or others can read this key; run "chmod 600" on it.'
        : repaired
          ? 'The key text was damaged and repaired in memory; store a clean copy so other tools can read it.'
          : undefined,
    });
  } catch (err) {
    failed('key', err);
  }

  let skew: ClockSkew | undefined;
  let reachable = true;
  if (settings) {
    try {
      skew = await measureClockSkew(settings.conn);
      const off = skew.offsetSeconds;
      const words = off === 0 ? 'matches the API clock' : `is ${Math.abs(off)} s ${off < 0 ? 'ahead of' : 'behind'} the API clock`;
      checks.push({
        name: 'clock',
        status: Math.abs(off) > SKEW_WARN_SECONDS ? 'warn' : 'ok',
        detail: `this machine's clock ${words} (Date header, ${skew.roundTripMs} ms round trip)`,
        hint:
          Math.abs(off) > SKEW_WARN_SECONDS
            ? 'Synchronise the clock (NTP): Samsung refuses a JWT whose iat is in its future or whose exp has passed (422).'
            : undefined,
      });
    } catch (err) {
      reachable = false;
      failed('clock', err);
    }
  } else {
    checks.push({ name: 'clock', status: 'skipped', detail: 'needs valid settings' });
  }

  let jwt: string | undefined;
  if (settings && key) {
    try {
      const claims = createGalaxyJwtClaims({ serviceAccountId: settings.id, scopes: settings.wanted, privateKey: key });
      jwt = signGalaxyJwt(claims, key);
      checks.push({
        name: 'jwt',
        status: 'ok',
        detail: `RS256, iss ${claims.iss}, scopes ${claims.scopes.join(',')}, exp - iat = ${claims.exp - claims.iat} s (iat backdated for clock skew)`,
      });
    } catch (err) {
      failed('jwt', err);
    }
  } else {
    checks.push({ name: 'jwt', status: 'skipped', detail: 'needs valid settings and a usable key' });
  }

  if (settings && jwt && reachable) {
    try {
      const { accessToken } = await requestAccessToken({ ...settings.conn, jwt });
      const call = { ...settings.conn, serviceAccountId: settings.id, accessToken };
      try {
        await checkAccessToken(call);
      } finally {
        // The token is never shown, so it is never left live: revoked whatever the check said.
        await revokeAccessToken(call).catch(() => undefined);
      }
      checks.push({ name: 'access token', status: 'ok', detail: 'Galaxy Store issued an access token (not shown), checkAccessToken accepted it, and it was revoked' });
    } catch (err) {
      failed('access token', err, err instanceof GalaxyApiError ? explain(err, skew) : undefined);
    }
  } else {
    checks.push({ name: 'access token', status: 'skipped', detail: reachable ? 'needs a JWT' : 'the API is unreachable' });
  }

  const firstFail = checks.find((c) => c.status === 'fail');
  const exitCode = firstFail?.exitCode ?? EXIT.OK;
  if (v.json) {
    ctx.out(`${JSON.stringify({ ok: !firstFail, exitCode, checks: checks.map(({ exitCode: _e, ...c }) => c) }, null, 2)}\n`);
  } else {
    ctx.out(render(checks));
  }
  return exitCode;
};

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
