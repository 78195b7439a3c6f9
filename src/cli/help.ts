/** `--help` texts. Every command has one; all list the exit codes. */
import { EXIT_CODES_HELP } from './exit-codes.js';

const KEY_HELP = `  --service-account-id ID   service account id from Seller Portal (env GALAXY_SERVICE_ACCOUNT_ID)
  --key-file PATH           private key file: PKCS#1/PKCS#8 PEM or JWK (env GALAXY_PRIVATE_KEY_FILE);
                            refused when group/others can read it (chmod 600)
  --key-env NAME            read the key from environment variable NAME instead
                            (default when no file is given: GALAXY_PRIVATE_KEY)
  --allow-insecure-key-permissions   use a key file even if group/others can access it
  --scopes LIST             publishing,gss or either; default publishing`;

const API_HELP = `  --api-url URL             Galaxy Store API (env GALAXY_API_URL; default https://devapi.samsungapps.com)
  --allow-http              allow plain http to a non-loopback host (e.g. a sandbox container)
  --timeout MS              time budget per request, default 15000`;

const TOKEN_HELP = `  --token TOKEN             the access token; prefer env GALAXY_ACCESS_TOKEN (command lines are visible
                            to other local users); "--token -" reads it from stdin`;

const COMMON_HELP = `  --json                    machine-readable output
  -h, --help                this help`;

export const HELP: Record<string, string> = {
  main: `samsung-auth: Galaxy Store Developer API service-account tokens

Usage:
  samsung-auth jwt            print a signed service-account JWT (RS256, at most 1200 s)
  samsung-auth token create   request an access token and print it (stdout only)
  samsung-auth token check    check that an access token is valid
  samsung-auth token revoke   revoke an access token
  samsung-auth doctor         check key, clock and credentials, and explain what is wrong

Run "samsung-auth COMMAND --help" for the options of each command.
Access tokens never expire: store them like the private key, and revoke them when done.

${EXIT_CODES_HELP}
`,
  jwt: `Usage: samsung-auth jwt [options]

Prints a JWT signed with the service account's key, for POST /auth/accessToken.

Options:
${KEY_HELP}
  --lifetime SECONDS        exp - iat, 1 to 1200; default 1200 (iat is backdated 30 s for clock skew)
${COMMON_HELP}

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

Options:
${KEY_HELP}
${API_HELP}
${COMMON_HELP}

${EXIT_CODES_HELP}
`,
  'token check': `Usage: samsung-auth token check [options]

Checks an access token (GET /auth/checkAccessToken) for a service account.

Options:
  --service-account-id ID   service account id (env GALAXY_SERVICE_ACCOUNT_ID)
${TOKEN_HELP}
${API_HELP}
${COMMON_HELP}

${EXIT_CODES_HELP}
`,
  'token revoke': `Usage: samsung-auth token revoke [options]

Revokes an access token (DELETE /auth/revokeAccessToken); it stops working everywhere.

Options:
  --service-account-id ID   service account id (env GALAXY_SERVICE_ACCOUNT_ID)
${TOKEN_HELP}
${API_HELP}
${COMMON_HELP}

${EXIT_CODES_HELP}
`,
  doctor: `Usage: samsung-auth doctor [options]

Checks, in order: the private key (format, size, file permissions); the clock against the API's
Date header; a freshly minted JWT; and an access-token request, whose answer is explained in
plain words. The token obtained is never printed, and is revoked at once.

Options:
${KEY_HELP}
${API_HELP}
${COMMON_HELP}

Exit code: 0 when every check passes, else the code of the first failed check.
${EXIT_CODES_HELP}
`,
};
