import Redis, { RedisOptions } from 'ioredis';

/**
 * One ioredis connection. BullMQ's workers need `maxRetriesPerRequest: null` so a blocked
 * command survives a Redis restart; plain clients fail fast instead of hanging a request.
 */
export function createRedis(url: string, purpose: 'client' | 'bullmq'): Redis {
  const options: RedisOptions =
    purpose === 'bullmq'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : {
          maxRetriesPerRequest: 2,
          enableOfflineQueue: true,
          connectTimeout: 5_000,
          // Requests arriving together look their sessions up together: the commands of one
          // event-loop turn go out in one write, not one system call each.
          enableAutoPipelining: true,
        };
  return new Redis(url, { ...options, lazyConnect: false });
}
