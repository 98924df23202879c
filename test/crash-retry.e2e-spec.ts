import {
  createTestDatabase,
  deleteRedisPrefix,
  TEST_REDIS_URL,
  TestDatabase,
  testQueuePrefix,
  AppProcess,
  startAppProcess,
  http,
  inSeconds,
  signUp,
} from '@contest/testing';
import { Client } from 'pg';
import { CRASH_AFTER_COMMIT } from '../src/command-log/pipeline/fault-injection';
import { redisAnswers } from '@contest/testing/redis';

// Two starts of the platform compiled from its sources: slow on a busy machine.
jest.setTimeout(240_000);

interface LogRow {
  command_id: string;
  position: string;
  http_status: number;
  payload: { contestId: string };
}

async function query(url: string, sql: string): Promise<LogRow[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * kill -9 between a command's commit and its reply: the client never hears back, retries with
 * the same Idempotency-Key, and must get the reply the command committed with, whole.
 */
describe('a retry after a crash between commit and reply', () => {
  let db: TestDatabase;
  const prefix = testQueuePrefix();
  const running: AppProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const app = await startAppProcess({
      DATABASE_URL: db.url,
      REDIS_URL: redisAnswers() ? TEST_REDIS_URL : '',
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    });
    running.push(app);
    return app;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of running) app.child.kill('SIGKILL');
    await Promise.all(running.map((app) => app.exited));
    if (redisAnswers()) await deleteRedisPrefix(prefix, TEST_REDIS_URL);
    await db?.drop();
  });

  it('gets the original status and the whole original body, and appends nothing', async () => {
    const first = await start({ FAULT_INJECTION: CRASH_AFTER_COMMIT });
    const maya = await signUp(first.baseUrl, 'maya_bikes');
    const body = {
      title: 'Bike stunts',
      category: 'sport',
      submissionsCloseAt: inSeconds(600),
      votingClosesAt: inSeconds(1200),
    };
    const send = (baseUrl: string, requestId: string) =>
      http(baseUrl, 'POST', '/contests', {
        token: maya.token,
        body,
        headers: { 'idempotency-key': 'create-bike-stunts', 'x-request-id': requestId },
      });

    await expect(send(first.baseUrl, CRASH_AFTER_COMMIT)).rejects.toThrow();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const [committed] = await query(
      db.url,
      `SELECT command_id, position, http_status, payload FROM command_log WHERE type = 'CreateContest'`,
    );
    expect(committed).toMatchObject({ http_status: 201 });

    const second = await start();
    const retry = await send(second.baseUrl, 'the-retry');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({
      contestId: committed.payload.contestId,
      commandId: committed.command_id,
      position: Number(committed.position),
    });
    expect(retry.headers.get('x-command-id')).toBe(committed.command_id);
    expect(retry.headers.get('x-log-position')).toBe(String(committed.position));
    const rows = await query(db.url, `SELECT 1 FROM command_log WHERE type = 'CreateContest'`);
    expect(rows).toHaveLength(1);
  });
});
