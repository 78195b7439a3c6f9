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
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/**
 * The options every command accepts, so that one CI script can pass the same set to each step
 * (`jwt`, `token create`, `token check`, `doctor`...). A command ignores those it does not use;
 * its `--help` says which it uses.
 */
export const COMMON_OPTIONS: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  'service-account-id': { type: 'string' },
  'key-file': { type: 'string' },
  'key-env': { type: 'string' },
  'allow-insecure-key-permissions': { type: 'boolean' },
  scopes: { type: 'string' },
  'api-url': { type: 'string' },
  'allow-http': { type: 'boolean' },
  timeout: { type: 'string' },
  token: { type: 'string' },
  'upload-url': { type: 'string' },
  'upload-timeout': { type: 'string' },
  'keep-token': { type: 'boolean' },
};

/** An option name we may repeat in a message: lower-case words and dashes, nothing pasted by mistake. */
const OPTION_WORD = /^--[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Parses `args` against the common options plus `extra`; any problem is a `CLI_USAGE` error that
 * names the option when it looks like one, and never repeats a value.
 *
 * Values may start with `-` (`--token -abc...`: tokens are opaque) unless they are one of our
 * own options (`--token --json` is a missing value, not a token).
 */
export function parseOptions(args: string[], extra: OptionSpec, command: string): OptionValues {
  const options: OptionSpec = { ...COMMON_OPTIONS, ...extra };
  const { values, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'positional') {
      // The value is not echoed: a token pasted without --token would land in CI logs.
      throw usage(`Unexpected argument for "${command}" (its value is not shown; did you mean --token?).`, command);
    }
    if (t.kind !== 'option') continue;
    const spec = options[t.name];
    const shortAlone = t.rawName.length === 2 && args[t.index] === t.rawName;
    if (!spec) {
      const named = OPTION_WORD.test(t.rawName) && t.rawName.length <= 40 ? t.rawName : shortAlone ? t.rawName : undefined;
      throw usage(named ? `Unknown option ${named} for "${command}".` : `An unknown option was given to "${command}" (not shown: it does not look like an option name).`, command);
    }
    if (spec.type === 'boolean' && t.value !== undefined) throw usage(`${t.rawName} takes no value.`, command);
    if (spec.type === 'string' && (t.value === undefined || (!t.inlineValue && isOurOption(t.value, options)))) {
      throw usage(`${t.rawName} needs a value.`, command);
    }
  }
  return values as OptionValues;
}

function isOurOption(value: string, options: OptionSpec): boolean {
  const long = /^--([^=]+)/.exec(value)?.[1];
  if (long !== undefined) return Object.hasOwn(options, long);
  return /^-[a-zA-Z]$/.test(value) && Object.values(options).some((o) => o.short === value.slice(1));
}

/**
 * "Unknown command": repeats what was typed only when it looks like a command word (a typo), never
 * when it could be something pasted in the wrong place (a token, a key).
 */
export function unknownCommand(typed: string, choices: string, command: string): SamsungAuthError {
  const word = /^[a-z][a-z-]{0,15}( [a-z][a-z-]{0,15})?$/.test(typed);
  return usage(word ? `Unknown command "${typed}": use ${choices}.` : `Unknown command (not shown: it does not look like a command word): use ${choices}.`, command);
}

export function usage(message: string, command: string): SamsungAuthError {
  const where = command ? `${command} ` : '';
  return new SamsungAuthError('CLI_USAGE', message, { status: 400, hint: `Run "samsung-auth ${where}--help".` });
}


export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function serviceAccountId(values: OptionValues, env: NodeJS.ProcessEnv, command: string): string {
  const id = str(values, 'service-account-id') ?? env.GALAXY_SERVICE_ACCOUNT_ID;
  if (!id) throw usage('No service account id: pass --service-account-id or set GALAXY_SERVICE_ACCOUNT_ID.', command);
  return id;
}

export function scopes(values: OptionValues, fallback = 'publishing'): readonly GalaxyScope[] {
  return validateScopes(str(values, 'scopes') ?? fallback);
}

/** A whole number option within bounds, or a usage error naming it. */
export function intOption(values: OptionValues, name: string, min: number, max: number, command: string): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d{1,10}$/.test(text) || n < min || n > max) throw usage(`--${name} is a whole number from ${min} to ${max}.`, command);
  return n;
}

/** Upload settings: --upload-url (env GALAXY_UPLOAD_URL) and --upload-timeout (ms). */
export function uploadSettings(values: OptionValues, env: NodeJS.ProcessEnv, command: string): { uploadUrl?: string; uploadTimeoutMs?: number } {
  const uploadUrl = str(values, 'upload-url') ?? (env.GALAXY_UPLOAD_URL || undefined);
  const uploadTimeoutMs = intOption(values, 'upload-timeout', 1000, 86_400_000, command);
  return { ...(uploadUrl ? { uploadUrl } : {}), ...(uploadTimeoutMs !== undefined ? { uploadTimeoutMs } : {}) };
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
