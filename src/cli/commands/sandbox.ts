/**
 * `samsung-auth sandbox`: the Samsung sandbox from the installed package, for testing any stack
 * (Python, Go, Java...) against Samsung sign-in and the Galaxy API. Prints the environment block
 * that points an app at it on stdout (sandbox credentials only, made up at start), a summary on
 * stderr, and runs until SIGINT or SIGTERM.
 */
import { resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.js';
import { isLoopbackHost } from '../../config/url-rules.js';
import type { CliContext, Command } from '../cli-context.js';
import { intOption, parseOptions, usage, type OptionValues } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';

const EXTRA = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'token-response': { type: 'string' },
  'access-token-seconds': { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'region-port': { type: 'string' },
  'upload-port': { type: 'string' },
} as const;

const TOKEN_RESPONSES = ['seed', 'observed', 'refresh'] as const;

export const runSandbox: Command = async (args, ctx) => {
  const v = parseOptions(args, EXTRA, 'sandbox');
  if (v.help) {
    ctx.out(HELP.sandbox ?? '');
    return EXIT.OK;
  }
  const sandbox = await startSandbox(sandboxOptions(v, ctx));
  ctx.out(envBlock(sandbox));
  ctx.err(summary(sandbox));
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  ctx.err('samsung-auth sandbox: stopped\n');
  return EXIT.OK;
};

function sandboxOptions(v: OptionValues, ctx: CliContext): Parameters<typeof startSandbox>[0] {
  const host = typeof v.host === 'string' ? v.host : '127.0.0.1';
  if (!isLoopbackHost(host)) ctx.err(`samsung-auth sandbox: listening on ${host}, beyond this machine: anyone who reaches it signs in as a demo user.\n`);
  const tokenResponse = typeof v['token-response'] === 'string' ? v['token-response'] : 'seed';
  if (!(TOKEN_RESPONSES as readonly string[]).includes(tokenResponse)) throw usage('--token-response is seed, observed or refresh.', 'sandbox');
  const redirects = Array.isArray(v['redirect-uri']) ? (v['redirect-uri'] as string[]) : [];
  for (const uri of redirects) {
    if (!/^https?:\/\/[^\s]+$/.test(uri)) throw usage('--redirect-uri is an absolute http(s) URL.', 'sandbox');
  }
  const port = intOption(v, 'port', 0, 65535, 'sandbox') ?? 3001;
  const accessTokenSeconds = intOption(v, 'access-token-seconds', 1, 30 * 86_400, 'sandbox');
  const regionPort = intOption(v, 'region-port', 0, 65535, 'sandbox');
  const uploadPort = intOption(v, 'upload-port', 0, 65535, 'sandbox');
  return {
    port,
    host,
    redirectUris: redirects.length > 0 ? redirects : ['http://localhost:3000/auth/callback'],
    tokenResponse: tokenResponse as (typeof TOKEN_RESPONSES)[number],
    dataDir: resolve(typeof v['data-dir'] === 'string' ? v['data-dir'] : 'data'),
    client: {
      ...(typeof v['client-id'] === 'string' ? { clientId: v['client-id'] } : {}),
      ...(typeof v['client-secret'] === 'string' ? { clientSecret: v['client-secret'] } : {}),
    },
    ...(accessTokenSeconds !== undefined ? { accessTokenSeconds } : {}),
    ...(regionPort !== undefined ? { regionPort } : {}),
    ...(uploadPort !== undefined ? { uploadPort } : {}),
  };
}

/** `KEY=value` lines (a .env file, or `export` each one): the sandbox's own made-up credentials. */
function envBlock(sandbox: Sandbox): string {
  return `${Object.entries(sandbox.env)
    .map(([k, value]) => `${k}=${value}`)
    .join('\n')}\nSAMSUNG_REDIRECT_URI=${sandbox.client.redirectUris[0] ?? ''}\nSANDBOX_CONTROL_TOKEN=${sandbox.controlToken}\n`;
}

function summary(sandbox: Sandbox): string {
  return [
    `samsung-auth sandbox: listening at ${sandbox.url} (second region ${sandbox.regionUrl}, uploads ${sandbox.uploadUrl})`,
    `  signInGate: ${sandbox.accountUrl}/accounts/v1/${sandbox.client.aliasId}/signInGate   token: ${sandbox.tokenUrl}`,
    `  demo users: ${sandbox.demoUsers.map((u) => `${u.name} (${u.id})`).join(', ')}`,
    `  redirect URIs registered: ${sandbox.client.redirectUris.join(', ')}`,
    `  Galaxy demo service account: ${sandbox.demoServiceAccount.id}, key ${sandbox.demoServiceAccount.privateKeyFile}`,
    '  The environment block for your app is on stdout. Stop with Ctrl-C.',
    '',
  ].join('\n');
}
