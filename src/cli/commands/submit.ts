/** `samsung-auth submit` (contentSubmit) and `samsung-auth go-live` (contentStatusUpdate FOR_SALE). */
import { contentPhase } from '../../galaxy/api/content-status.js';
import { resolvingLostAnswer } from '../../galaxy/publish/lost-answers.js';
import { currentStatus } from '../../galaxy/publish/wait-for-review.js';
import type { Command } from '../cli-context.js';
import { parseOptions, usage } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { withGalaxy } from '../galaxy-session.js';
import { HELP } from '../help.js';
import { printJson } from '../output.js';
import { contentIdOf } from '../subcommands.js';

function statusChange(command: 'submit' | 'go-live'): Command {
  return async (args, ctx) => {
    const v = parseOptions(args, { 'content-id': { type: 'string' } }, command);
    if (v.help) {
      ctx.out(HELP[command] ?? '');
      return EXIT.OK;
    }
    const id = contentIdOf(v, command, usage);
    const status = await withGalaxy(v, ctx, command, 'publishing', async (g) => {
      const read = () => g.content.info(id);
      const say = (t: string) => ctx.err(`${t}\n`);
      if (command === 'submit') {
        // Submitted once the draft has left the draft statuses (in review, or live already).
        await resolvingLostAnswer('contentSubmit', () => g.content.submit(id), read, (i) => contentPhase(i.draft?.contentStatus) !== 'draft', say);
      } else {
        await resolvingLostAnswer('contentStatusUpdate FOR_SALE', () => g.content.changeStatus(id, 'FOR_SALE'), read, (i) => !i.draft && i.live?.contentStatus === 'FOR_SALE', say);
      }
      return currentStatus(await read()).status;
    });
    if (v.json) printJson(ctx, { contentId: id, status });
    else ctx.out(`${command === 'submit' ? 'Submitted for review' : 'On sale'}: ${id} is ${status}.\n`);
    return EXIT.OK;
  };
}

export const runSubmit: Command = statusChange('submit');
export const runGoLive: Command = statusChange('go-live');
