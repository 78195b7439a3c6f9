/**
 * The benchmark's own redis-server: test/helpers/redis-server.ts, with persistence off (a
 * benchmark of session reads should not measure the disk).
 */
import { redisAvailable, startRedis } from '../../test/helpers/redis-server.js';

export interface BenchRedis {
  url: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export const redisInstalled = redisAvailable;

export async function startBenchRedis(): Promise<BenchRedis> {
  const redis = await startRedis({ persistent: false });
  if (!redis) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
  return redis;
}
