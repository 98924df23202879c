import { RedisConnection } from 'bullmq';
import {
  describeWithRedisServer,
  StoppableRedis,
  startStoppableRedis,
} from '@contest/testing/redis';
import { AppQueue, queueConnection } from './queue-connection';

jest.setTimeout(30_000);

describeWithRedisServer('a producer queue closing while Redis is away', () => {
  let redis: StoppableRedis;

  beforeAll(async () => {
    redis = await startStoppableRedis();
  });
  afterAll(() => redis?.dispose());

  it('given a queue whose Redis has stopped, when the app closes it, then close resolves', async () => {
    const queue = new AppQueue('doorbells', {
      connection: queueConnection(redis.url),
      prefix: `close-${process.pid}`,
    });
    // The raw ioredis client sits on BullMQ's Redis backend.
    const { connection } = queue.getBackend() as unknown as { connection: RedisConnection };
    const client = await connection.client;
    await redis.stop();
    // ioredis notices the dropped socket on its own; wait until it has.
    while (client.status === 'ready') {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    await expect(queue.close()).resolves.toBeUndefined();
    // Dropped for good: no reconnection is attempted after close (one comes within a second).
    let attempts = 0;
    client.on('reconnecting', () => (attempts += 1));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(attempts).toBe(0);
  });
});
