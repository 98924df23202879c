import Redis, { RedisOptions } from 'ioredis';
import { logThrottled } from '../logging/throttled-log';

/**
 * Reconnect delays while Redis is away: quick at first, then once a second, never the
 * twenty-second backoff ioredis and BullMQ default to, so the platform notices Redis back
 * within about a second.
 */
export function reconnectDelay(times: number): number {
  return Math.min(100 * 2 ** Math.max(times - 1, 0), 1_000);
}

/** How long a command of the shared client may wait for Redis before it fails. */
export const CLIENT_COMMAND_TIMEOUT_MS = 2_000;

/**
 * The shared client (sessions, rate limits, health): a command fails after one failed
 * reconnect or two seconds, whichever comes first, so a request never hangs on a Redis that
 * is down; the callers decide what that means for them.
 */
export const CLIENT_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: true,
  commandTimeout: CLIENT_COMMAND_TIMEOUT_MS,
  connectTimeout: 5_000,
  retryStrategy: reconnectDelay,
  // Requests arriving together look their sessions up together: the commands of one
  // event-loop turn go out in one write, not one system call each.
  enableAutoPipelining: true,
};

/**
 * The shared client. Its 'error' events (a refused connection at every reconnect attempt)
 * become a JSON line through the app's logger now and then, never ioredis' own multi-line
 * "Unhandled error event" dump.
 */
export function createRedis(url: string, source = 'redis'): Redis {
  const redis = new Redis(url, { ...CLIENT_OPTIONS, lazyConnect: false });
  redis.on('error', (error: unknown) => logThrottled(source, error));
  return redis;
}
