/** A command made of subcommands (`apps list`, `rollout set`...): dispatch, help, unknown words. */
import type { Command } from './cli-context.js';
import { unknownCommand } from './cli-options.js';
import { EXIT } from './exit-codes.js';
import { HELP } from './help.js';

export function subcommands(name: string, map: Record<string, Command>): Command {
  const choices = Object.keys(map).join(', ');
  return async (args, ctx) => {
    const [sub, ...rest] = args;
    if (sub === undefined) {
      ctx.err(HELP[name] ?? '');
      return EXIT.USAGE;
    }
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      ctx.out(HELP[name] ?? '');
      return EXIT.OK;
    }
    const run = map[sub];
    if (!run) throw unknownCommand(`${name} ${sub}`, choices, name);
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.out(HELP[name] ?? '');
      return EXIT.OK;
    }
    return run(rest, ctx);
  };
}

/** The --content-id every app command needs. */
export function contentIdOf(values: Record<string, unknown>, command: string, usage: (m: string, c: string) => Error): string {
  const id = values['content-id'];
  if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) throw usage('--content-id is required: the app\'s content id, digits only (see "samsung-auth apps list").', command);
  return id;
}
