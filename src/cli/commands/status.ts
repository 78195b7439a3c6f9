/** `samsung-auth status [--wait]`: the app's status; with --wait, until review ends. */
import { currentStatus, waitForReview } from '../../galaxy/publish/wait-for-review.js';
import type { Command } from '../cli-context.js';
import { intOption, parseOptions, usage } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { withGalaxy } from '../galaxy-session.js';
import { HELP } from '../help.js';
import { printJson } from '../output.js';
import { contentIdOf } from '../subcommands.js';

const EXTRA = {
  'content-id': { type: 'string' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  'wait-interval': { type: 'string' },
} as const;

export const runStatus: Command = async (args, ctx) => {
  const v = parseOptions(args, EXTRA, 'status');
  if (v.help) {
    ctx.out(HELP.status ?? '');
    return EXIT.OK;
  }
  const id = contentIdOf(v, 'status', usage);
  const timeoutS = intOption(v, 'wait-timeout', 1, 7 * 86_400, 'status') ?? 3600;
  const intervalS = intOption(v, 'wait-interval', 1, 3600, 'status') ?? 15;
  const now = await withGalaxy(v, ctx, 'status', 'publishing', async (g) => {
    if (!v.wait) return currentStatus(await g.content.info(id));
    let last = '';
    return waitForReview(g, id, {
      timeoutMs: timeoutS * 1000,
      intervalMs: intervalS * 1000,
      onPoll: (s) => {
        if (s !== last) ctx.err(`${id}: ${s}\n`);
        last = s;
      },
    });
  });
  if (v.json) printJson(ctx, { contentId: id, status: now.status, phase: now.phase });
  else ctx.out(`${id}: ${now.status} (${now.phase})\n`);
  return v.wait && now.phase === 'rejected' ? EXIT.UPSTREAM : EXIT.OK;
};
