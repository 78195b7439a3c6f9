/**
 * The Samsung Account part of the portal's configuration: the `SAMSUNG_*` variables, or the
 * built-in sandbox's generated client in sandbox mode.
 */
import { randomBytes } from 'node:crypto';
import { accountOptionProblems, type OptionNames, type SamsungAccountOptions } from '../account/options.js';
import type { EnvReader } from './env-reader.js';

/** The environment variable behind each login helper option, for messages. */
export const ACCOUNT_ENV_NAMES: OptionNames = {
  clientId: 'SAMSUNG_CLIENT_ID',
  clientSecret: 'SAMSUNG_CLIENT_SECRET',
  aliasId: 'SAMSUNG_ALIAS_ID',
  redirectUri: 'SAMSUNG_REDIRECT_URI',
  signOutUrl: 'SAMSUNG_SIGNOUT_URL',
  accountUrl: 'SAMSUNG_ACCOUNT_URL',
  tokenUrl: 'SAMSUNG_TOKEN_URL',
  apiUrl: 'SAMSUNG_API_URL',
  trustedAuthHosts: 'SAMSUNG_TRUSTED_AUTH_HOSTS',
  signInPath: 'SAMSUNG_SIGNIN_PATH',
  signOutPath: 'SAMSUNG_SIGNOUT_PATH',
  timeoutMs: 'SAMSUNG_TIMEOUT_MS',
};

export function readAccountConfig(r: EnvReader, where: { baseUrl: string; sandboxEnabled: boolean; sandboxPort: number }): SamsungAccountOptions {
  const redirectUri = r.str('SAMSUNG_REDIRECT_URI') ?? `${where.baseUrl}/auth/callback`;
  const signOutUrl = r.str('SAMSUNG_SIGNOUT_URL') ?? `${where.baseUrl}/`;
  // Unset: the library's default (Samsung's production hosts); "none": always the configured URLs.
  const trustedRaw = r.str('SAMSUNG_TRUSTED_AUTH_HOSTS');
  const trustedAuthHosts = trustedRaw === undefined ? undefined : trustedRaw === 'none' ? [] : trustedRaw.split(',').map((h) => h.trim()).filter(Boolean);
  const timeoutMs = r.int('SAMSUNG_TIMEOUT_MS', 10_000, 1, 120_000, '10000');
  let account: SamsungAccountOptions;
  if (where.sandboxEnabled) {
    const sandboxUrl = `http://127.0.0.1:${where.sandboxPort}`;
    if (r.str('SAMSUNG_CLIENT_ID')) r.warnings.push('SANDBOX=1: the SAMSUNG_* credentials are ignored; the built-in sandbox is used.');
    account = {
      clientId: 'sandbox-client',
      clientSecret: randomBytes(24).toString('base64url'),
      aliasId: 'sandbox',
      accountUrl: sandboxUrl,
      tokenUrl: `${sandboxUrl}/auth/oauth2/token`,
      apiUrl: sandboxUrl,
      // The sandbox's regions are loopback hosts (the second one is named in the callback).
      trustedAuthHosts: ['127.0.0.1'],
      redirectUri,
      signOutUrl,
      timeoutMs,
    };
  } else {
    const pick = <K extends keyof SamsungAccountOptions>(key: K, value: SamsungAccountOptions[K] | undefined) =>
      value === undefined ? {} : ({ [key]: value } as Pick<SamsungAccountOptions, K>);
    account = {
      clientId: r.str('SAMSUNG_CLIENT_ID') ?? '',
      clientSecret: r.str('SAMSUNG_CLIENT_SECRET') ?? '',
      aliasId: r.str('SAMSUNG_ALIAS_ID') ?? '',
      redirectUri,
      signOutUrl,
      ...pick('trustedAuthHosts', trustedAuthHosts),
      timeoutMs,
      ...pick('accountUrl', r.str('SAMSUNG_ACCOUNT_URL')),
      ...pick('tokenUrl', r.str('SAMSUNG_TOKEN_URL')),
      ...pick('apiUrl', r.str('SAMSUNG_API_URL')),
      ...pick('signInPath', r.str('SAMSUNG_SIGNIN_PATH')),
      ...pick('signOutPath', r.str('SAMSUNG_SIGNOUT_PATH')),
    };
  }
  for (const p of accountOptionProblems(account, ACCOUNT_ENV_NAMES)) r.problem(p);
  return account;
}
