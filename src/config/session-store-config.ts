/** The session part of the portal's configuration: secrets, and the store (memory or Redis). */
import { randomBytes } from 'node:crypto';
import type { EnvReader } from './env-reader.js';

export function readSessionStoreConfig(r: EnvReader, sandboxEnabled: boolean): { secrets: string[]; redisUrl: string | undefined; redisCommandTimeoutMs: number; redisKeyPrefix: string } {
  const str = (name: string) => r.str(name);
  const int = (name: string, fallback: number, min: number, max: number, example: string) => r.int(name, fallback, min, max, example);
  const rawSecrets = (str('SESSION_SECRET') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let secrets = rawSecrets;
  if (rawSecrets.length === 0) {
    if (sandboxEnabled) secrets = [randomBytes(32).toString('base64url')];
    else r.problem({ variable: 'SESSION_SECRET', problem: 'is required outside sandbox mode (at least 32 bytes; a comma-separated list allows rotation, the first signs)', example: '$(openssl rand -base64 48)' });
  } else if (rawSecrets.some((s) => Buffer.byteLength(s) < 32)) {
    r.problem({ variable: 'SESSION_SECRET', problem: 'each secret must be at least 32 bytes', example: '$(openssl rand -base64 48)' });
  }
  const store = str('SESSION_STORE') ?? 'memory';
  let redisUrl: string | undefined;
  if (store.startsWith('redis://') || store.startsWith('rediss://')) {
    try {
      new URL(store);
      redisUrl = store;
    } catch {
      r.problem({ variable: 'SESSION_STORE', problem: 'is not a valid Redis URL', example: 'redis://127.0.0.1:6379/0' });
    }
  } else if (store !== 'memory') {
    r.problem({ variable: 'SESSION_STORE', problem: 'must be "memory" or a redis:// URL', example: 'redis://127.0.0.1:6379/0' });
  }
  const redisCommandTimeoutMs = int('REDIS_COMMAND_TIMEOUT_MS', 500, 10, 60_000, '500');
  const redisKeyPrefix = str('REDIS_KEY_PREFIX') ?? 'sak:';
  return { secrets, redisUrl, redisCommandTimeoutMs, redisKeyPrefix };
}
