import { http } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';
import { PrivateRedis, startPrivateRedis, describeWithRedisServer } from '@contest/testing/redis';

const PASSWORD = 'flush-test-password';

// Only where Redis is used (REDIS_URL set) and a redis-server of the test's own can start.
describeWithRedisServer('Redis flushed (Redis only; docs/DESIGN.md invariant 9)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
    http(t.baseUrl, method, path, options);

  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ REDIS_URL: redis.url, PROJECTION_POLL_MS: '200' });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const pgSnapshot = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM command_log)::int AS commands,
              (SELECT max(position) FROM command_log)::int AS head,
              (SELECT count(*) FROM users)::int AS users,
              (SELECT count(*) FROM view_user_activity)::int AS activity`,
    );
    return row as { commands: number; head: number; users: number; activity: number };
  };

  it('loses sessions only; projectors catch up from their checkpoints once doorbells resume', async () => {
    const registered = await call('POST', '/auth/register', {
      body: { username: 'gina', email: 'gina@example.com', password: PASSWORD },
    });
    const login = await call('POST', '/auth/login', {
      body: { username: 'gina', password: PASSWORD },
    });
    expect(
      (await call('GET', `/users/${registered.body.userId}?minPosition=${login.body.position}`))
        .status,
    ).toBe(200);
    expect((await call('GET', '/me', { token: login.body.token })).status).toBe(200);
    const before = await pgSnapshot();

    expect(await redis.client.flushall()).toBe('OK');

    const me = await call('GET', '/me', { token: login.body.token });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    expect(await pgSnapshot()).toEqual(before);

    // Commands keep flowing; the view catches up from its Postgres checkpoint.
    const later = await call('POST', '/auth/register', {
      body: { username: 'hank', email: 'hank@example.com', password: PASSWORD },
    });
    expect(later.status).toBe(201);
    const view = await call(
      'GET',
      `/users/${later.body.userId}?minPosition=${later.body.position}&waitMs=5000`,
    );
    expect(view.status).toBe(200);
    expect(view.body.displayName).toBe('hank');
    const relogin = await call('POST', '/auth/login', {
      body: { username: 'gina', password: PASSWORD },
    });
    expect((await call('GET', '/me', { token: relogin.body.token })).status).toBe(200);

    const after = await pgSnapshot();
    expect(after.commands).toBe(before.commands + 2);
    expect(after.users).toBe(before.users + 1);
    expect(t.logLines.filter((line) => /unhandled/i.test(line))).toEqual([]);
  });
});
