import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from '../free-port';

/**
 * A redis-server of the test's own, on a free port, for tests that flush or stop Redis:
 * FLUSHALL or a stop on the shared server would break the test files running beside them.
 *
 * It can be stopped and started again on the same port, for outage tests: the app keeps its
 * REDIS_URL and sees the server go and come back.
 */
export interface StoppableRedis {
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: connections drop at once, as in a crash). */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Stops it for good (afterAll). */
  dispose(): Promise<void>;
}

async function waitForPing(url: string): Promise<void> {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    retryStrategy: () => 50,
    lazyConnect: true,
  });
  client.on('error', () => undefined); // refused while the server is still starting
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (client.status === 'wait') await client.connect();
        await client.ping();
        return;
      } catch (error) {
        if (attempt > 200) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  } finally {
    client.disconnect();
  }
}

export async function startStoppableRedis(): Promise<StoppableRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    if (child) return;
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitForPing(url);
  };
  const stop = async () => {
    const running = child;
    if (!running) return;
    child = null;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url, port, start, stop, dispose: stop };
}

/** A redis-server of the test's own with a client on it, for tests that flush it. */
export interface PrivateRedis {
  readonly url: string;
  readonly client: Redis;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const server = await startStoppableRedis();
  const client = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined); // a reconnect racing the server's stop
  return {
    url: server.url,
    client,
    async stop() {
      client.disconnect();
      await server.dispose();
    },
  };
}
