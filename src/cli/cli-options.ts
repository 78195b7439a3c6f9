/**
 * Command-line parsing (node:util parseArgs) and the settings every command shares: options first,
 * then environment variables, then defaults.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SamsungAuthError } from '../errors.js';
import { DEFAULT_GALAXY_API_URL } from '../galaxy/lib/send-galaxy-request.js';
import { loadPrivateKey, type ServiceAccountKey } from '../galaxy/load-private-key.js';
import { validateScopes, type GalaxyScope } from '../galaxy/galaxy-scopes.js';
import type { GalaxyConnection } from '../galaxy/lib/send-galaxy-request.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

export const OUTPUT_OPTIONS: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
};
export const ACCOUNT_OPTIONS: OptionSpec = { 'service-account-id': { type: 'string' } };
export const KEY_OPTIONS: OptionSpec = {
  'key-file': { type: 'string' },
  'key-env': { type: 'string' },
  'allow-insecure-key-permissions': { type: 'boolean' },
  scopes: { type: 'string' },
};
export const API_OPTIONS: OptionSpec = {
  'api-url': { type: 'string' },
  'allow-http': { type: 'boolean' },
  timeout: { type: 'string' },
};
export const TOKEN_OPTIONS: OptionSpec = { token: { type: 'string' } };

/** Parses `args` strictly against `options`; any problem is a `CLI_USAGE` error. */
export function parseOptions(args: string[], options: OptionSpec, command: string): OptionValues {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    // The value is not echoed: a token pasted without --token would land in CI logs.
    if (positionals.length > 0) throw usage(`Unexpected argument for "${command}" (its value is not shown; did you mean --token?).`, command);
    return values as OptionValues;
  } catch (err) {
    if (err instanceof SamsungAuthError) throw err;
    // parseArgs messages name the option, never a value; trim its own advice to one sentence.
    const msg = err instanceof Error ? (err.message.split('. ')[0] ?? 'Invalid options').replace(/\.$/, '') : 'Invalid options';
    throw usage(`${msg}.`, command);
  }
}

export function usage(message: string, command: string): SamsungAuthError {
  const where = command ? `${command} ` : '';
  return new SamsungAuthError('CLI_USAGE', message, { status: 400, hint: `Run "samsung-auth ${where}--help".` });
}


function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function serviceAccountId(values: OptionValues, env: NodeJS.ProcessEnv, command: string): string {
  const id = str(values, 'service-account-id') ?? env.GALAXY_SERVICE_ACCOUNT_ID;
  if (!id) throw usage('No service account id: pass --service-account-id or set GALAXY_SERVICE_ACCOUNT_ID.', command);
  return id;
}

export function scopes(values: OptionValues): readonly GalaxyScope[] {
  return validateScopes(str(values, 'scopes') ?? 'publishing');
}

/** Where the key comes from: --key-file, --key-env, GALAXY_PRIVATE_KEY_FILE, then GALAXY_PRIVATE_KEY. */
export function loadKey(values: OptionValues, env: NodeJS.ProcessEnv, command: string): Promise<ServiceAccountKey> {
  const file = str(values, 'key-file');
  const envName = str(values, 'key-env');
  if (file && envName) throw usage('Pass --key-file or --key-env, not both.', command);
  const allowInsecurePermissions = values['allow-insecure-key-permissions'] === true;
  if (file) return loadPrivateKey({ file, allowInsecurePermissions });
  if (envName) return loadPrivateKey({ env: envName, environment: env });
  if (env.GALAXY_PRIVATE_KEY_FILE) return loadPrivateKey({ file: env.GALAXY_PRIVATE_KEY_FILE, allowInsecurePermissions });
  if (env.GALAXY_PRIVATE_KEY) return loadPrivateKey({ env: 'GALAXY_PRIVATE_KEY', environment: env });
  throw usage('No private key: pass --key-file or --key-env, or set GALAXY_PRIVATE_KEY_FILE.', command);
}

export function connection(values: OptionValues, env: NodeJS.ProcessEnv, command: string): GalaxyConnection {
  const timeoutText = str(values, 'timeout');
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000)) {
    throw usage('--timeout is a whole number of milliseconds from 100 to 600000.', command);
  }
  return {
    apiUrl: str(values, 'api-url') ?? (env.GALAXY_API_URL || DEFAULT_GALAXY_API_URL),
    allowInsecureHttp: values['allow-http'] === true,
    timeoutMs,
  };
}

/** The access token: --token (or `--token -` for stdin), else GALAXY_ACCESS_TOKEN. */
export async function accessToken(values: OptionValues, env: NodeJS.ProcessEnv, command: string): Promise<string> {
  let token = str(values, 'token');
  if (token === '-') token = (await readStdin()).trim();
  token ??= env.GALAXY_ACCESS_TOKEN;
  if (!token) throw usage('No access token: set GALAXY_ACCESS_TOKEN, or pass --token (use "--token -" to read it from stdin).', command);
  return token;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
