import Redis, { RedisOptions } from 'ioredis';

/**
 * One ioredis connection. BullMQ's workers need `maxRetriesPerRequest: null` so a blocked
 * command survives a Redis restart; plain clients fail fast instead of hanging a request.
 */
export function createRedis(url: string, purpose: 'client' | 'bullmq'): Redis {
  const options: RedisOptions =
    purpose === 'bullmq'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5_000 };
  return new Redis(url, { ...options, lazyConnect: false });
}
