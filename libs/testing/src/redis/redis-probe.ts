import { execFileSync } from 'node:child_process';
import { TEST_REDIS_URL } from '../test-redis';

let answers: boolean | undefined;

/**
 * Whether a Redis answers PING at TEST_REDIS_URL, asked once per process and synchronously
 * (a child process, half a second at most), so that suites can choose their describe blocks:
 * Redis-only tests run only where a Redis answers, and say so in their names. The global
 * teardown asks it too: a run without Redis left no keys to delete.
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

let serverRuns: boolean | undefined;

/**
 * Whether this machine can start a redis-server of a test's own (redis-server.ts) and a Redis
 * answers at TEST_REDIS_URL: the tests that flush or stop Redis need both.
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
