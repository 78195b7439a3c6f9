/**
 * `--help` texts. Every command has one; each lists the options it uses, names the common ones it
 * accepts and ignores, and lists the exit codes.
 */
import { EXIT_CODES_HELP } from './exit-codes.js';

/** One or more help lines per option, in the order help shows them. */
const OPTION_HELP: Record<string, string> = {
  'service-account-id': `  --service-account-id ID   service account id from Seller Portal (env GALAXY_SERVICE_ACCOUNT_ID)`,
  'key-file': `  --key-file PATH           private key file: PKCS#1/PKCS#8 PEM or JWK (env GALAXY_PRIVATE_KEY_FILE);
                            refused when group/others can read it (chmod 600)`,
  'key-env': `  --key-env NAME            read the key from environment variable NAME instead
                            (default when no file is given: GALAXY_PRIVATE_KEY)`,
  'allow-insecure-key-permissions': `  --allow-insecure-key-permissions   use a key file even if group/others can access it`,
  scopes: `  --scopes LIST             publishing,gss or either; default publishing`,
  'api-url': `  --api-url URL             Galaxy Store API (env GALAXY_API_URL; default https://devapi.samsungapps.com)`,
  'allow-http': `  --allow-http              allow plain http to a non-loopback host (e.g. a sandbox container)`,
  timeout: `  --timeout MS              time budget per request, default 15000`,
  token: `  --token TOKEN             the access token; prefer env GALAXY_ACCESS_TOKEN (command lines are visible
                            to other local users); "--token -" reads it from stdin; a token that
                            starts with "-" may follow as it is`,
  lifetime: `  --lifetime SECONDS        exp - iat, 1 to 1200; default 1200 (iat is backdated 30 s for clock skew)`,
  json: `  --json                    machine-readable output`,
  help: `  -h, --help                this help`,
};

const COMMON = ['service-account-id', 'key-file', 'key-env', 'allow-insecure-key-permissions', 'scopes', 'api-url', 'allow-http', 'timeout', 'token', 'json', 'help'];
const KEY = ['service-account-id', 'key-file', 'key-env', 'allow-insecure-key-permissions', 'scopes'];
const API = ['api-url', 'allow-http', 'timeout'];

/** The options part of a command's help: those it uses, then the common ones it ignores. */
function options(uses: string[]): string {
  const used = [...uses, 'json', 'help'];
  const ignored = COMMON.filter((name) => !used.includes(name));
  const lines = ['Options:', ...used.map((name) => OPTION_HELP[name] ?? `  --${name}`)];
  if (ignored.length > 0) {
    lines.push('', 'Also accepted, so that one set of flags serves every command, and ignored here:', `  ${ignored.map((n) => `--${n}`).join(' ')}`);
  }
  return lines.join('\n');
}

export const HELP: Record<string, string> = {
  main: `samsung-auth: Galaxy Store Developer API service-account tokens

Usage:
  samsung-auth jwt            print a signed service-account JWT (RS256, at most 1200 s)
  samsung-auth token create   request an access token and print it (stdout only)
  samsung-auth token check    check that an access token is valid
  samsung-auth token revoke   revoke an access token
  samsung-auth doctor         check key, clock and credentials, and explain what is wrong

Every command accepts the same common options (--service-account-id, --key-file, --key-env,
--scopes, --api-url, --allow-http, --timeout, --token, --json) and ignores those it does not use.
Run "samsung-auth COMMAND --help" for the options each command uses.
Access tokens never expire: store them like the private key, and revoke them when done.

${EXIT_CODES_HELP}
`,
  jwt: `Usage: samsung-auth jwt [options]

Prints a JWT signed with the service account's key, for POST /auth/accessToken.

${options([...KEY, 'lifetime'])}

${EXIT_CODES_HELP}
`,
  token: `Usage: samsung-auth token create|check|revoke [options]

  create   request an access token with a fresh JWT and print it on stdout
  check    GET /auth/checkAccessToken
  revoke   DELETE /auth/revokeAccessToken

Run "samsung-auth token create --help" (etc.) for options.

${EXIT_CODES_HELP}
`,
  'token create': `Usage: samsung-auth token create [options]

Requests an access token (POST /auth/accessToken) and prints it on stdout, nothing else.
The token never expires: store it securely and revoke it when it is no longer needed.

${options([...KEY, ...API])}

${EXIT_CODES_HELP}
`,
  'token check': `Usage: samsung-auth token check [options]

Checks an access token (GET /auth/checkAccessToken) for a service account.

${options(['service-account-id', 'token', ...API])}

${EXIT_CODES_HELP}
`,
  'token revoke': `Usage: samsung-auth token revoke [options]

Revokes an access token (DELETE /auth/revokeAccessToken); it stops working everywhere.

${options(['service-account-id', 'token', ...API])}

${EXIT_CODES_HELP}
`,
  doctor: `Usage: samsung-auth doctor [options]

Checks, in order: the private key (format, size, file permissions); the clock against the API's
Date header; a freshly minted JWT; and an access-token request, whose answer is explained in
plain words. The token obtained is never printed, and is revoked at once. With --token (or
GALAXY_ACCESS_TOKEN), it also checks that token, and leaves it live.

${options([...KEY, ...API, 'token'])}

Exit code: 0 when every check passes, else the code of the first failed check.
${EXIT_CODES_HELP}
`,
};
