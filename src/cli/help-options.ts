/** The help lines of every option, and the options part of a command's help. */

/** One or more help lines per option, in the order help shows them. */
export const OPTION_HELP: Record<string, string> = {
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
  'upload-url': `  --upload-url URL          the upload URL, the only one an upload session may name (env
                            GALAXY_UPLOAD_URL; default https://seller.samsungapps.com/galaxyapi/fileUpload)`,
  'upload-timeout': `  --upload-timeout MS       time budget of one upload, default 1800000 (30 min)`,
  'keep-token': `  --keep-token              leave the access token minted for this run live (default: revoked at the end)`,
  'content-id': `  --content-id ID           the app's content id (12 digits, e.g. 000007654321)`,
  file: `  --file PATH               a binary to upload (repeat for several)`,
  'release-notes': `  --release-notes TEXT      release notes (newFeature), at most 4000 UTF-8 bytes`,
  'release-notes-file': `  --release-notes-file F    read the release notes from a UTF-8 file`,
  gms: `  --gms Y|N                 the new binaries' gms flag; default that of the newest live binary`,
  'replace-binaries': `  --replace-binaries        remove the draft's other binaries once the new ones are in`,
  submit: `  --submit                  submit the draft for review at the end`,
  'dry-run': `  --dry-run                 read only: print the plan, change nothing`,
  wait: `  --wait                    poll until review ends (approved, live or rejected)`,
  'wait-timeout': `  --wait-timeout SECONDS    how long --wait may take; default 3600`,
  'wait-interval': `  --wait-interval SECONDS   seconds between polls of --wait; default 15`,
  rate: `  --rate N                  the default rollout rate in percent (1-100; it may only go up)`,
  country: `  --country CODE=N          a country's rate (ISO alpha-3, e.g. KOR=20; not above --rate); repeatable`,
  'app-status': `  --app-status SALE|REGISTRATION   the live version (default) or the draft`,
  binary: `  --binary SEQ              add this binary to the rollout first (repeatable)`,
  package: `  --package NAME            the app's package name, e.g. com.example.mygame`,
  'item-id': `  --item-id ID              the in-app item's id`,
  'item-file': `  --file item.json          the item (put) or the change (patch), as JSON`,
  page: `  --page N --size N         which page of items (default 1 and 100)`,
  metric: `  --metric M[,M...]         GSS metric ids, e.g. revenue_total,dn_by_total_dvce`,
  from: `  --from YYYY-MM-DD --to YYYY-MM-DD   the period (GMT)`,
  by: `  --by day|week|month       how values are grouped; default day`,
  csv: `  --csv                     CSV instead of a table`,
  json: `  --json                    machine-readable output: one JSON document on stdout`,
  help: `  -h, --help                this help`,
};

export const COMMON = ['service-account-id', 'key-file', 'key-env', 'allow-insecure-key-permissions', 'scopes', 'api-url', 'allow-http', 'timeout', 'token', 'upload-url', 'upload-timeout', 'keep-token', 'json', 'help'];
export const KEY = ['service-account-id', 'key-file', 'key-env', 'allow-insecure-key-permissions', 'scopes'];
export const API = ['api-url', 'allow-http', 'timeout'];

/** The options part of a command's help: those it uses, then the common ones it ignores. */
export function options(uses: string[]): string {
  const used = [...uses, 'json', 'help'];
  const ignored = COMMON.filter((name) => !used.includes(name));
  const lines = ['Options:', ...used.map((name) => OPTION_HELP[name] ?? `  --${name}`)];
  if (ignored.length > 0) {
    lines.push('', 'Also accepted, so that one set of flags serves every command, and ignored here:', `  ${ignored.map((n) => `--${n}`).join(' ')}`);
  }
  return lines.join('\n');
}

/** Options of every command that calls the Developer API with a token it may mint. */
export const GALAXY = [...KEY, ...API, 'token', 'keep-token'];
