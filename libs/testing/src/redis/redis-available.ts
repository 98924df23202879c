import { redisAnswers, redisServerAvailable } from './redis-probe';

/** `describe` where a Redis answers at TEST_REDIS_URL, `describe.skip` where none does. */
export const describeWithRedis: jest.Describe = redisAnswers() ? describe : describe.skip;

/** `describe` for tests that start, flush or stop a Redis of their own; skipped without one. */
export const describeWithRedisServer: jest.Describe = redisServerAvailable()
  ? describe
  : describe.skip;
