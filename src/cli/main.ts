#!/usr/bin/env node
/**
 * `samsung-auth`: Galaxy Store service-account tokens from the command line. A token goes to
 * stdout and nowhere else; errors are one paragraph on stderr with a documented exit code,
 * never a stack trace.
 */
import { describeError, exitCodeFor } from './exit-codes.js';
import { runCli } from './run-cli.js';

async function main(): Promise<void> {
  // Last line of defence: whatever escapes is reported as one paragraph, without a stack.
  const fail = (err: unknown) => {
    process.stderr.write(`${describeError(err)}\n`);
    process.exit(exitCodeFor(err));
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    errIsTerminal: process.stderr.isTTY === true,
  });
  process.exitCode = code;
}

await main();
