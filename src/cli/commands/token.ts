/** `samsung-auth token create|check|revoke`. */
import { checkAccessToken, requestAccessToken, revokeAccessToken } from '../../galaxy/access-token.js';
import { createGalaxyJwt } from '../../galaxy/create-jwt.js';
import type { Command } from '../cli-context.js';
import {
  accessToken,
  connection,
  loadKey,
  parseOptions,
  scopes,
  serviceAccountId,
  unknownCommand,
} from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';

const create: Command = async (args, ctx) => {
  const v = parseOptions(args, {}, 'token create');
  if (v.help) {
    ctx.out(HELP['token create'] ?? '');
    return EXIT.OK;
  }
  const id = serviceAccountId(v, ctx.env, 'token create');
  const wanted = scopes(v);
  const conn = connection(v, ctx.env, 'token create');
  const key = await loadKey(v, ctx.env, 'token create');
  const jwt = createGalaxyJwt({ serviceAccountId: id, scopes: wanted, privateKey: key });
  const { accessToken: token } = await requestAccessToken({ ...conn, jwt });
  ctx.out(v.json ? `${JSON.stringify({ accessToken: token, serviceAccountId: id, scopes: wanted })}\n` : `${token}\n`);
  return EXIT.OK;
};

function tokenCall(name: 'check' | 'revoke'): Command {
  const command = `token ${name}`;
  return async (args, ctx) => {
    const v = parseOptions(args, {}, command);
    if (v.help) {
      ctx.out(HELP[command] ?? '');
      return EXIT.OK;
    }
    const options = {
      ...connection(v, ctx.env, command),
      serviceAccountId: serviceAccountId(v, ctx.env, command),
      accessToken: await accessToken(v, ctx.env, command),
    };
    if (name === 'check') {
      await checkAccessToken(options);
      ctx.out(v.json ? `${JSON.stringify({ ok: true, valid: true })}\n` : 'The access token is valid.\n');
    } else {
      await revokeAccessToken(options);
      ctx.out(v.json ? `${JSON.stringify({ ok: true, revoked: true })}\n` : 'The access token was revoked.\n');
    }
    return EXIT.OK;
  };
}

const SUBCOMMANDS: Record<string, Command> = { create, check: tokenCall('check'), revoke: tokenCall('revoke') };

export const runToken: Command = async (args, ctx) => {
  const [sub, ...rest] = args;
  if (sub === undefined) {
    ctx.err(HELP.token ?? '');
    return EXIT.USAGE;
  }
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.out(HELP.token ?? '');
    return EXIT.OK;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) throw unknownCommand(`token ${sub}`, 'create, check or revoke', 'token');
  return run(rest, ctx);
};
