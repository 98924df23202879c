import { http } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

describe('flood control', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '20' });
  });
  afterAll(() => t?.close());

  it('holds the limit against 1,000 requests from one actor, counts the flood, and keeps it out of the log', async () => {
    const logSize = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM command_log`))[0].n as number;
    const before = await logSize();
    const statuses = new Map<number, number>();
    let limited: Awaited<ReturnType<typeof http>> | undefined;
    for (let wave = 0; wave < 50; wave += 1) {
      const replies = await Promise.all(
        Array.from({ length: 20 }, () =>
          http(t.baseUrl, 'POST', '/auth/register', { body: { username: 'x' } }),
        ),
      );
      for (const reply of replies) {
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status === 429) limited = reply;
      }
    }
    // At most two one-minute windows can be touched by the flood: 20 commands each.
    const admitted = 1000 - (statuses.get(429) ?? 0);
    expect(admitted).toBeGreaterThanOrEqual(20);
    expect(admitted).toBeLessThanOrEqual(40);
    expect(statuses.get(400)).toBe(admitted); // the admitted ones were refused by validation, and logged
    expect(limited!.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited!.headers.get('content-type')).toContain('application/problem+json');

    expect((await logSize()) - before).toBe(admitted);
    // The counter writes about once a second; a busy machine may take longer.
    let refused: number | null = null;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      [{ refused }] = await t.dataSource.query(
        `SELECT sum(refused)::int AS refused FROM rate_limit_refusals WHERE actor_key = 'address:127.0.0.1'`,
      );
      if (refused === 1000 - admitted) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(refused).toBe(1000 - admitted);
  });

  it('holds back floods that never reach a handler: unknown routes and malformed bodies', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM command_log`))[0]
      .n as number;
    const statuses = new Map<number, number>();
    for (let wave = 0; wave < 10; wave += 1) {
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? http(t.baseUrl, 'POST', '/no/such/route', { body: {} })
            : http(t.baseUrl, 'POST', '/auth/login', { raw: '{"broken' }),
        ),
      );
      for (const reply of replies)
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    }
    const after = (await t.dataSource.query(`SELECT count(*)::int AS n FROM command_log`))[0]
      .n as number;
    expect(statuses.get(429)).toBeGreaterThanOrEqual(160);
    expect(after - before).toBeLessThanOrEqual(40);
  });

  it('does not limit reads', async () => {
    for (let i = 0; i < 30; i += 1)
      expect((await http(t.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});
