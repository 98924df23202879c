import Redis from 'ioredis';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '@contest/testing';
import { redisAnswers } from '@contest/testing/redis';
import { RedisWindowCounter } from '../../command-log/rate-limit/window-counter';
import { RedisSessionStore } from './redis-session.store';

const withRedis = redisAnswers() ? describe : describe.skip;

withRedis('RedisSessionStore.findAndCount (needs Redis)', () => {
  let redis: Redis;
  let store: RedisSessionStore;
  const prefix = testQueuePrefix();
  const minute = 29_000_000;
  const window = { limit: 3, minute, anonymousActorKey: 'address:10.0.0.7', prefix };
  const session = { userId: '0193b2c4-0000-7000-8000-0000000000a1', username: 'ann', roles: [] };

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
    store = new RedisSessionStore(redis, { queuePrefix: prefix, sessionTtlSeconds: 60 });
  });
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisPrefix(prefix);
  });

  it('given a signed-in token, then the session comes back and the command counts in its user window', async () => {
    const { token } = await store.open(session, new Date());
    const first = await store.findAndCount(token, window);
    const second = await store.findAndCount(token, window);
    expect(first).toEqual({ session, actorKey: `user:${session.userId}`, count: 1 });
    expect(second.count).toBe(2);
    // The window counter of the Postgres-free path counts the very same key.
    const counter = new RedisWindowCounter(redis, prefix);
    expect(await counter.count(`user:${session.userId}`, minute)).toBe(3);
    expect(await redis.ttl(`${prefix}:rate:user:${session.userId}:${minute}`)).toBeGreaterThan(60);
  });

  it('given no token or an unknown one, then there is no session and the address window counts', async () => {
    const none = await store.findAndCount(null, window);
    const unknown = await store.findAndCount('A'.repeat(43), window);
    expect(none).toEqual({ session: null, actorKey: 'address:10.0.0.7', count: 1 });
    expect(unknown).toEqual({ session: null, actorKey: 'address:10.0.0.7', count: 2 });
  });

  it('given a closed session, then its token finds nothing', async () => {
    const { token } = await store.open(session, new Date());
    await store.close(token, session.userId);
    expect((await store.findAndCount(token, { ...window, minute: minute + 1 })).session).toBeNull();
  });
});
