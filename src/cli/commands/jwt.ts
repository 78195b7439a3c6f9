/** `samsung-auth jwt`: prints a signed service-account JWT. */
import { createGalaxyJwtClaims, signGalaxyJwt } from '../../galaxy/create-jwt.js';
import type { Command } from '../cli-context.js';
import { loadKey, parseOptions, scopes, serviceAccountId, usage } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';

export const runJwt: Command = async (args, ctx) => {
  const v = parseOptions(args, { lifetime: { type: 'string' } }, 'jwt');
  if (v.help) {
    ctx.out(HELP.jwt ?? '');
    return EXIT.OK;
  }
  const lifetimeText = typeof v.lifetime === 'string' ? v.lifetime : undefined;
  if (lifetimeText !== undefined && !/^\d{1,4}$/.test(lifetimeText)) throw usage('--lifetime is a number of seconds, 1 to 1200.', 'jwt');
  const id = serviceAccountId(v, ctx.env, 'jwt');
  const wanted = scopes(v);
  const key = await loadKey(v, ctx.env, 'jwt');
  const claims = createGalaxyJwtClaims({
    serviceAccountId: id,
    scopes: wanted,
    privateKey: key,
    lifetimeSeconds: lifetimeText === undefined ? undefined : Number(lifetimeText),
  });
  const jwt = signGalaxyJwt(claims, key);
  ctx.out(v.json ? `${JSON.stringify({ jwt, claims })}\n` : `${jwt}\n`);
  return EXIT.OK;
};
