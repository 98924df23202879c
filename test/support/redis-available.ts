import { TEST_REDIS_URL } from '@contest/testing';
import { execFileSync } from 'node:child_process';

let answers: boolean | undefined;

/**
 * Whether a Redis answers PING at TEST_REDIS_URL, asked once per test file and synchronously
 * (a child process, half a second at most), so that suites can choose their describe blocks:
 * Redis-only tests run only where a Redis answers, and say so in their names.
 */
export function redisAnswers(): boolean {
  if (answers !== undefined) return answers;
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const probe = `
    const socket = require('node:net').connect(${Number(port) || 6379}, ${JSON.stringify(hostname || '127.0.0.1')});
    const done = (ok) => { socket.destroy(); process.exit(ok ? 0 : 1); };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => done(/^\\+PONG|^-NOAUTH/.test(data.toString())));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 2_000 });
    answers = true;
  } catch {
    answers = false;
  }
  return answers;
}

/** `describe` where a Redis answers at TEST_REDIS_URL, `describe.skip` where none does. */
export const describeWithRedis: jest.Describe = redisAnswers() ? describe : describe.skip;

let serverRuns: boolean | undefined;

/**
 * Whether this machine can start a redis-server of a test's own (private-redis.ts,
 * stoppable-redis.ts) and a Redis answers at TEST_REDIS_URL: the tests that flush or stop
 * Redis need both.
 */
export function redisServerAvailable(): boolean {
  if (serverRuns === undefined) {
    try {
      execFileSync('redis-server', ['--version'], { stdio: 'ignore', timeout: 2_000 });
      serverRuns = redisAnswers();
    } catch {
      serverRuns = false;
    }
  }
  return serverRuns;
}

/** `describe` for tests that start, flush or stop a Redis of their own; skipped without one. */
export const describeWithRedisServer: jest.Describe = redisServerAvailable()
  ? describe
  : describe.skip;
