import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port';
import Redis from 'ioredis';

export interface PrivateRedis {
  readonly url: string;
  readonly client: Redis;
  stop(): Promise<void>;
}

/**
 * A redis-server of this test's own, for tests that flush or stop Redis: FLUSHALL on the
 * shared server would wipe the queues of test files running beside it.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined); // while the server is still starting
  for (let attempt = 0; ; attempt += 1) {
    try {
      await client.ping();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    client,
    async stop() {
      client.disconnect();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
