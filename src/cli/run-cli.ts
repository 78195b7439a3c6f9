/** Dispatches a command line to its command; every error becomes one paragraph and an exit code. */
import type { CliContext, Command } from './cli-context.js';
import { EXIT, describeError, exitCodeFor } from './exit-codes.js';
import { HELP } from './help.js';
import { unknownCommand } from './cli-options.js';

/**
 * Each command is loaded when it runs: `samsung-auth jwt` in CI should not pay for the Galaxy
 * client, the upload streaming or the sandbox (Express and all) it never uses.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  jwt: async () => (await import('./commands/jwt.js')).runJwt,
  token: async () => (await import('./commands/token.js')).runToken,
  doctor: async () => (await import('./commands/doctor.js')).runDoctor,
  apps: async () => (await import('./commands/apps.js')).runApps,
  publish: async () => (await import('./commands/publish.js')).runPublish,
  submit: async () => (await import('./commands/submit.js')).runSubmit,
  status: async () => (await import('./commands/status.js')).runStatus,
  'go-live': async () => (await import('./commands/submit.js')).runGoLive,
  rollout: async () => (await import('./commands/rollout.js')).runRollout,
  iap: async () => (await import('./commands/iap.js')).runIap,
  stats: async () => (await import('./commands/stats.js')).runStats,
  sandbox: async () => (await import('./commands/sandbox.js')).runSandbox,
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
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw unknownCommand(command, Object.keys(COMMANDS).join(', '), '');
    const run = await load();
    return await run(rest, ctx);
  } catch (err) {
    ctx.err(`${describeError(err)}\n`);
    return exitCodeFor(err);
  }
}
