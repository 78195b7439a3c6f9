/**
 * `--help` texts. Every command has one; each lists the options it uses, names the common ones it
 * accepts and ignores, and lists the exit codes.
 */
import { EXIT_CODES_HELP } from './exit-codes.js';
import { API, KEY, options } from './help-options.js';
import { PUBLISHING_HELP } from './help-publishing.js';

export const HELP: Record<string, string> = {
  ...PUBLISHING_HELP,
  main: `samsung-auth: Galaxy Store Developer API: service-account tokens, publishing, IAP, statistics

Usage:
  samsung-auth jwt            print a signed service-account JWT (RS256, at most 1200 s)
  samsung-auth token create   request an access token and print it (stdout only)
  samsung-auth token check    check that an access token is valid
  samsung-auth token revoke   revoke an access token
  samsung-auth doctor         check key, clock and credentials, and explain what is wrong
  samsung-auth apps list|show list the apps; show one (live and draft: status, versions, binaries)
  samsung-auth publish        upload binaries into the app's draft, optionally submit (--dry-run: plan only)
  samsung-auth submit         submit the app's draft for review
  samsung-auth status         show the app's status; --wait until review ends
  samsung-auth go-live        put an approved version on sale (contentStatusUpdate FOR_SALE)
  samsung-auth rollout        staged rollout: show, set (raise), complete
  samsung-auth iap            in-app items: list, get, put, patch, delete
  samsung-auth stats          GSS statistics as a table or CSV
  samsung-auth sandbox        run the Samsung sandbox (sign-in and Galaxy API emulator) for any stack

Every command accepts the same common options (--service-account-id, --key-file, --key-env,
--scopes, --api-url, --allow-http, --timeout, --token, --upload-url, --upload-timeout,
--keep-token, --json) and ignores those it does not use. Without --token (or
GALAXY_ACCESS_TOKEN), an API command mints a token with the key and revokes it when it ends.
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
  sandbox: `Usage: samsung-auth sandbox [--port N] [--host H] [--data-dir D] [--token-response seed|observed|refresh] [options]

Runs the Samsung sandbox: Samsung Account (signInGate, token, refresh, revoke, profile, signOutGate,
a second region) and the Galaxy Store Developer API (tokens, publishing, IAP, statistics), strict
where Samsung is strict, for testing any stack without Samsung. Prints on stdout the environment
block that points an app at it (SAMSUNG_* and GALAXY_*; made-up sandbox credentials only), writes
the demo service account's key under --data-dir, and runs until Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port N                  port (default 3001; 0 picks a free one)
  --host H                  address to listen on (default 127.0.0.1; anything else is reachable by others)
  --data-dir D              where the demo service account's key goes (default ./data)
  --token-response R        seed (seed 004's shape, default), observed (numbers as strings), or
                            refresh (real refresh tokens that rotate)
  --access-token-seconds S  lifetime of access tokens with --token-response refresh (default 3600)
  --redirect-uri URL        a redirect URI to register (repeatable; default http://localhost:3000/auth/callback)
  --client-id ID, --client-secret S   the client to register (default sandbox-client and a random secret)
  --region-port N, --upload-port N    ports of the second region and of the upload host (default free ones)
  -h, --help                this help

${EXIT_CODES_HELP}
`,
};
