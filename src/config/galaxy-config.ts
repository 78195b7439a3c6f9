/** The Galaxy Store part of the portal's configuration: service accounts, API, token key, limits. */
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { TokenCipher } from '../galaxy/token-cipher.js';
import { DEFAULT_GALAXY_API_URL } from '../galaxy/lib/send-galaxy-request.js';
import type { EnvReader } from './env-reader.js';
import { upstreamUrlProblem } from './url-rules.js';

export interface GalaxyConfig {
  /** GALAXY_SERVICE_ACCOUNTS: the JSON file of service accounts; undefined turns Galaxy features off (outside sandbox mode). */
  readonly serviceAccountsFile: string | undefined;
  readonly apiUrl: string;
  readonly timeoutMs: number;
  /** TOKEN_ENCRYPTION_KEY as `id:BASE64[,id:BASE64...]` (first seals); undefined in sandbox mode means generated. */
  readonly encryptionKey: string | undefined;
  /** Per user per window: mint and revoke operations (`limit`), release actions (`releaseLimit`), and reads that call Galaxy Store (`readLimit`). */
  readonly rateLimit: { readonly limit: number; readonly releaseLimit: number; readonly readLimit: number; readonly windowSeconds: number };
  /** GALAXY_UPLOAD_URL: Samsung's upload URL (the sandbox's in sandbox mode, set at start); undefined means Samsung's. */
  readonly uploadUrl: string | undefined;
  /** GALAXY_MAX_UPLOAD_MB in bytes: the largest binary the portal relays. */
  readonly maxUploadBytes: number;
  /** GALAXY_UPLOAD_TIMEOUT_SECONDS in milliseconds: the time budget of one relayed upload. */
  readonly uploadTimeoutMs: number;
}

export function readGalaxyConfig(r: EnvReader, where: { sandboxEnabled: boolean; sandboxPort: number }): GalaxyConfig {
  const { sandboxEnabled, sandboxPort } = where;
  const str = (name: string) => r.str(name);
  const int = (name: string, fallback: number, min: number, max: number, example: string) => r.int(name, fallback, min, max, example);
  const serviceAccountsFile = str('GALAXY_SERVICE_ACCOUNTS');
  let galaxyApiUrl = (str('GALAXY_API_URL') ?? DEFAULT_GALAXY_API_URL).replace(/\/+$/, '');
  const apiProblem = upstreamUrlProblem(galaxyApiUrl);
  if (apiProblem) r.problem({ variable: 'GALAXY_API_URL', problem: apiProblem, example: DEFAULT_GALAXY_API_URL });
  if (sandboxEnabled) galaxyApiUrl = `http://127.0.0.1:${sandboxPort}`;
  const encryptionKey = str('TOKEN_ENCRYPTION_KEY');
  let normalisedKey: string | undefined;
  if (encryptionKey !== undefined) {
    normalisedKey = normaliseKeyList(encryptionKey);
    try {
      TokenCipher.fromKeyList(normalisedKey);
    } catch (err) {
      r.problem({
        variable: 'TOKEN_ENCRYPTION_KEY',
        problem: err instanceof ConfigError ? err.problems.map((p) => `${p.variable} ${p.problem}`).join('; ') : 'is not a valid key list',
        example: 'k1:$(openssl rand -base64 32)',
      });
    }
  } else if (serviceAccountsFile !== undefined && !sandboxEnabled) {
    r.problem({ variable: 'TOKEN_ENCRYPTION_KEY', problem: 'is required when GALAXY_SERVICE_ACCOUNTS is set (32 bytes, base64; "id:KEY" to name it)', example: 'k1:$(openssl rand -base64 32)' });
  }
  const galaxyTimeoutMs = int('GALAXY_TIMEOUT_MS', 15_000, 1, 120_000, '15000');
  const rateLimit = int('GALAXY_RATE_LIMIT', 20, 1, 10_000, '20');
  const readRateLimit = int('GALAXY_READ_RATE_LIMIT', 600, 1, 1_000_000, '600');
  const rateWindow = int('GALAXY_RATE_WINDOW_SECONDS', 600, 1, 86_400, '600');
  const releaseRateLimit = int('GALAXY_RELEASE_RATE_LIMIT', 60, 1, 100_000, '60');
  const maxUploadMb = int('GALAXY_MAX_UPLOAD_MB', 1024, 1, 8192, '1024');
  const uploadTimeoutSeconds = int('GALAXY_UPLOAD_TIMEOUT_SECONDS', 1800, 10, 86_400, '1800');
  const uploadUrl = str('GALAXY_UPLOAD_URL')?.replace(/\/+$/, '');
  if (uploadUrl !== undefined) {
    const problem = upstreamUrlProblem(uploadUrl);
    if (problem) r.problem({ variable: 'GALAXY_UPLOAD_URL', problem, example: 'https://seller.samsungapps.com/galaxyapi/fileUpload' });
  }

  return {
    serviceAccountsFile,
    apiUrl: galaxyApiUrl,
    timeoutMs: galaxyTimeoutMs,
    encryptionKey: normalisedKey,
    rateLimit: { limit: rateLimit, releaseLimit: releaseRateLimit, readLimit: readRateLimit, windowSeconds: rateWindow },
    uploadUrl: sandboxEnabled ? undefined : uploadUrl,
    maxUploadBytes: maxUploadMb * 1024 * 1024,
    uploadTimeoutMs: uploadTimeoutSeconds * 1000,
  };
}

/** `KEY` or `id:KEY`, comma-separated; a key without an id is named after its hash. */
function normaliseKeyList(spec: string): string {
  return spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (p.includes(':') ? p : `k${createHash('sha256').update(p).digest('hex').slice(0, 8)}:${p}`))
    .join(',');
}

