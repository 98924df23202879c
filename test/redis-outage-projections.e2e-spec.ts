import { http } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';
import { StoppableRedis, startStoppableRedis } from '@contest/testing/redis';

const PASSWORD = 'outage-test-password';
const POLL_MS = 300;

/**
 * docs/DESIGN.md invariant 9 under an outage rather than a flush: the log in Postgres is the truth
 * and BullMQ only rings the bell, so projections keep moving while Redis is down and go back to
 * the doorbell when it returns.
 */
describe('Redis down while the platform runs', () => {
  let redis: StoppableRedis;
  let outageStartedAt = 0;
  let outageEndedAt = 0;
  let baseline = 0;
  let t: TestApp;
  let seq = 0;
  /** What reached console.* (ioredis' and BullMQ's own printing) instead of the app's logger. */
  const printed: string[] = [];
  const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
    http(t.baseUrl, method, path, options);

  beforeAll(async () => {
    for (const method of ['error', 'warn', 'log'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
    }
    redis = await startStoppableRedis();
    t = await startTestApp({ REDIS_URL: redis.url, PROJECTION_POLL_MS: String(POLL_MS) });
  });
  afterAll(async () => {
    await redis?.start(); // the app's queues close cleanly against a live server
    await t?.close();
    await redis?.dispose();
    jest.restoreAllMocks();
  });

  const register = async () => {
    seq += 1;
    const username = `outage_${seq}`;
    const reply = await call('POST', '/auth/register', {
      body: { username, email: `${username}@example.com`, password: PASSWORD },
    });
    expect(reply.status).toBe(201);
    return reply.body as { userId: string; position: number };
  };

  /** Milliseconds until the user-activity checkpoint covers `position` (or throws after 10 s). */
  const caughtUpAfter = async (position: number): Promise<number> => {
    const started = Date.now();
    for (;;) {
      const [row] = await t.dataSource.query(
        `SELECT (c.tx_id, c.position) <= (p.last_tx_id, p.last_position) AS reached
         FROM projection_checkpoints p, command_log c
         WHERE p.projection = 'user-activity' AND c.position = $1`,
        [position],
      );
      if (row?.reached === true) return Date.now() - started;
      if (Date.now() - started > 10_000) throw new Error(`position ${position} not projected`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('projects commands written while Redis is down, in-process, within a poll', async () => {
    // What catching up costs on this machine right now, doorbell and all: the slack of the
    // time bounds below (the suite runs files side by side on two cores).
    let before = await register();
    for (let i = 0; i < 3; i += 1) {
      before = await register();
      baseline = Math.max(baseline, await caughtUpAfter(before.position));
    }

    await redis.stop();
    outageStartedAt = Date.now();
    for (let i = 0; i < 3; i += 1) {
      const written = await register();
      const waited = await caughtUpAfter(written.position);
      expect(waited).toBeLessThan(2 * (POLL_MS + 1000) + baseline);
      const view = await call('GET', `/users/${written.userId}?minPosition=${written.position}`);
      expect(view.status).toBe(200);
    }
    // Expected refusals while Redis is down, logged at info without a stack (next test).
    const behind = await call('GET', `/users/${before.userId}?minPosition=999999999&waitMs=0`);
    expect(behind.body.code).toBe('PROJECTION_BEHIND');
    const session = await call('GET', '/me', { token: 'a-token-redis-cannot-check' });
    expect(session.status).toBe(503);
  });

  it('goes back to the doorbell when Redis returns, catching up within a poll plus a second', async () => {
    // Long enough for every client to fail several reconnects and the worker several fetches.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, outageStartedAt + 4000 - Date.now())),
    );
    await redis.start();
    outageEndedAt = Date.now();
    const written = await register();
    const waited = await caughtUpAfter(written.position);
    expect(waited).toBeLessThan(POLL_MS + 1000 + baseline);
  });

  it('logs only JSON lines, and connection errors a few times, not once per retry', async () => {
    // Once more on the doorbell path after the outage, so a 'back to the doorbell' line exists
    // (on a busy machine the worker's reconnection can take longer than three polls: its time is
    // checked below, against the end of the outage).
    const deadline = Date.now() + 10_000;
    do await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    while (Date.now() < deadline && !t.logLines.some((l) => l.includes('back to the doorbell')));
    expect(printed).toEqual([]);
    const lines = t.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const during = lines.filter((line) => {
      const at = Date.parse(String(line.time));
      return at >= outageStartedAt && at <= outageEndedAt + 1000;
    });
    const connectionErrors = during.filter((line) =>
      /ECONNREFUSED|Connection is closed|isn't writeable|no answer/i.test(String(line.msg)),
    );
    // Three kinds of source (the shared client, the queues, the workers) and the doorbell,
    // each at most once per 10 s; the outage lasts about 5 s.
    expect(connectionErrors.length).toBeGreaterThan(0);
    expect(connectionErrors.length).toBeLessThanOrEqual(8);
    for (const line of connectionErrors) {
      expect(line.level).toBe('warn');
      expect(line.stack).toBeUndefined();
      expect(String(line.msg)).not.toContain('\n');
    }
    expect(lines.filter((line) => /unhandled/i.test(String(line.msg)))).toEqual([]);
    const expected = lines.filter((line) =>
      /PROJECTION_BEHIND|SESSION_STORE_UNAVAILABLE/.test(String(line.msg)),
    );
    expect(expected.map((line) => String(line.msg).split(':')[0]).sort()).toEqual([
      'PROJECTION_BEHIND',
      'SESSION_STORE_UNAVAILABLE',
    ]);
    for (const line of expected) {
      expect(line).toMatchObject({ level: 'info' });
      expect(line.stack).toBeUndefined();
    }
    expect(lines.some((line) => /projecting in-process/.test(String(line.msg)))).toBe(true);
    const back = lines.find((line) => /back to the doorbell/.test(String(line.msg)));
    expect(back).toBeDefined();
    // Two polls (a ring that reaches the queue, then one the worker answers) after the worker's
    // connection is back, which reconnects at most a second apart.
    expect(Date.parse(String(back!.time)) - outageEndedAt).toBeLessThan(
      2 * POLL_MS + 1500 + baseline,
    );
  });
});
