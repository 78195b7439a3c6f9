/** Dispatches a command line to its command; every error becomes one paragraph and an exit code. */
import type { CliContext, Command } from './cli-context.js';
import { runApps } from './commands/apps.js';
import { runDoctor } from './commands/doctor.js';
import { runIap } from './commands/iap.js';
import { runPublish } from './commands/publish.js';
import { runRollout } from './commands/rollout.js';
import { runStats } from './commands/stats.js';
import { runStatus } from './commands/status.js';
import { runGoLive, runSubmit } from './commands/submit.js';
import { runJwt } from './commands/jwt.js';
import { runToken } from './commands/token.js';
import { runSandbox } from './commands/sandbox.js';
import { EXIT, describeError, exitCodeFor } from './exit-codes.js';
import { HELP } from './help.js';
import { unknownCommand } from './cli-options.js';

const COMMANDS: Record<string, Command> = {
  jwt: runJwt,
  token: runToken,
  doctor: runDoctor,
  apps: runApps,
  publish: runPublish,
  submit: runSubmit,
  status: runStatus,
  'go-live': runGoLive,
  rollout: runRollout,
  iap: runIap,
  stats: runStats,
  sandbox: runSandbox,
};

/** Runs one command line; resolves to the exit code. Exported for in-process use. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      ctx.err(HELP.main ?? '');
      return EXIT.USAGE;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      ctx.out(HELP.main ?? '');
      return EXIT.OK;
    }
    const run = COMMANDS[command];
    if (!run) throw unknownCommand(command, Object.keys(COMMANDS).join(', '), '');
    return await run(rest, ctx);
  } catch (err) {
    ctx.err(`${describeError(err)}\n`);
    return exitCodeFor(err);
  }
}

