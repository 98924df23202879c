import { http, awaitSettledLog, signUp } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

const ADMIN_PASSWORD = 'audit-admin-password';

describe('the analysts’ audit of the command log', () => {
  let t: TestApp;
  let analystToken: string;
  let userToken: string;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true', ADMIN_USERNAME: 'audit_admin', ADMIN_PASSWORD });
    const admin = await http(t.baseUrl, 'POST', '/auth/login', {
      body: { username: 'audit_admin', password: ADMIN_PASSWORD },
    });
    const analyst = await signUp(t.baseUrl, 'the_analyst');
    await http(t.baseUrl, 'POST', `/admin/users/${analyst.userId}/roles`, {
      token: admin.body.token,
      body: { role: 'analyst' },
    });
    analystToken = analyst.token;
    userToken = (await signUp(t.baseUrl, 'plain_user')).token;
    await settleLog();
  });

  const settleLog = () => awaitSettledLog(t.dataSource);
  afterAll(() => t?.close());

  const all = async (filters: string, limit = 50) => {
    const items: { position: number; commandId: string }[] = [];
    let cursor: string | null = null;
    do {
      const reply = await http(
        t.baseUrl,
        'GET',
        `/audit/commands?${filters}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        { token: analystToken },
      );
      expect(reply.status).toBe(200);
      items.push(...reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor);
    return items;
  };

  const direct = async (where: string, params: unknown[]) =>
    (
      await t.dataSource.query(
        `SELECT position FROM command_log WHERE ${where} ORDER BY tx_id, position`,
        params,
      )
    ).map((r: { position: string }) => Number(r.position));

  it('returns exactly the matching rows for each filter and their combinations', async () => {
    await settleLog();
    const [{ actor }] = await t.dataSource.query(
      `SELECT actor_id AS actor FROM command_log WHERE type = 'CastVote' AND actor_id IS NOT NULL LIMIT 1`,
    );
    const [{ mid }] = await t.dataSource.query(
      `SELECT received_at AS mid FROM command_log ORDER BY position OFFSET 200 LIMIT 1`,
    );
    const from = mid.toISOString();
    const cases: [string, string, unknown[]][] = [
      ['status=rejected', `status = 'rejected'`, []],
      ['type=CastVote', `type = 'CastVote'`, []],
      ['code=INVALID_CREDENTIALS', `rejection_code = 'INVALID_CREDENTIALS'`, []],
      [`actorId=${actor}`, `actor_id = $1`, [actor]],
      [`from=${from}`, `received_at >= $1`, [from]],
      [`to=${from}`, `received_at < $1`, [from]],
      [
        `status=accepted&type=CastVote&actorId=${actor}`,
        `status = 'accepted' AND type = 'CastVote' AND actor_id = $1`,
        [actor],
      ],
      [
        `status=rejected&type=CastVote&code=SELF_VOTE_FORBIDDEN`,
        `status = 'rejected' AND type = 'CastVote' AND rejection_code = 'SELF_VOTE_FORBIDDEN'`,
        [],
      ],
      [`type=RecordView&from=${from}`, `type = 'RecordView' AND received_at >= $1`, [from]],
    ];
    for (const [filters, where, params] of cases) {
      const expected = await direct(where, params);
      expect({ filters, count: expected.length > 0 }).toEqual({ filters, count: true });
      expect({ filters, positions: (await all(filters)).map((i) => i.position) }).toEqual({
        filters,
        positions: expected,
      });
    }
  });

  it('pages never skip or repeat a row while new commands keep arriving', async () => {
    await settleLog();
    const before = await direct(`type = 'RegisterUser'`, []);
    const seen: { position: number }[] = [];
    let cursor: string | null = null;
    let i = 0;
    do {
      const reply = await http(
        t.baseUrl,
        'GET',
        `/audit/commands?type=RegisterUser&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: analystToken,
        },
      );
      seen.push(...reply.body.items);
      cursor = reply.body.nextCursor;
      // A new command arrives between every two pages.
      await http(t.baseUrl, 'POST', '/auth/register', {
        body: {
          username: `late_${(i += 1)}`,
          email: `late${i}@example.com`,
          password: 'late-password-123',
        },
      });
    } while (cursor && i < 200);
    expect(i).toBeGreaterThan(before.length / 2 - 1);
    const positions = seen.map((i) => i.position);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions).toEqual(expect.arrayContaining(before));
  });

  it('streams every match as NDJSON and CSV, payloads as stored (redacted)', async () => {
    const expected = await direct(
      `type IN ('RegisterUser', 'LogIn', 'RecordView', 'CastVote')`,
      [],
    );
    // The export is gap-safe: it holds only rows below its snapshot's xmin. Every row already
    // below the xmin now must be in it; rows of transactions still open may be held back.
    const settled = await direct(`tx_id < pg_snapshot_xmin(pg_current_snapshot())`, []);
    const ndjson = await fetch(`${t.baseUrl}/audit/commands?format=ndjson`, {
      headers: { authorization: `Bearer ${analystToken}` },
    });
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await ndjson.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const exported = lines.map((l) => l.position);
    expect(new Set(exported).size).toBe(exported.length);
    expect(exported).toEqual(expect.arrayContaining(settled));
    const csv = await fetch(`${t.baseUrl}/audit/commands?format=csv&type=LogIn`, {
      headers: { authorization: `Bearer ${analystToken}` },
    });
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe(
      'position,commandId,type,actorId,status,code,detail,receivedAt,payload,metadata',
    );
    expect(rows.length - 1).toBe((await direct(`type = 'LogIn'`, [])).length);
    expect(expected.length).toBeGreaterThan(0);
    const register = lines.find(
      (l) => l.type === 'RegisterUser' && l.metadata?.userAgent !== 'seed',
    );
    expect(JSON.stringify(register?.payload ?? {})).not.toContain('password-123');
  });

  it('summarises rejections per hour by type and code, and failed logins per username', async () => {
    const summary = await http(
      t.baseUrl,
      'GET',
      '/audit/rejections/summary?bucket=day&groupBy=type,code',
      { token: analystToken },
    );
    const total = summary.body.buckets.reduce(
      (sum: number, b: { count: number }) => sum + b.count,
      0,
    );
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM command_log WHERE status = 'rejected'`,
    );
    expect(total).toBe(n);
    const byCode = await http(t.baseUrl, 'GET', '/audit/rejections/summary?groupBy=code', {
      token: analystToken,
    });
    expect(byCode.body.buckets.every((b: { type: unknown }) => b.type === null)).toBe(true);

    const logins = await http(t.baseUrl, 'GET', '/audit/failed-logins?minFailures=5', {
      token: analystToken,
    });
    expect(logins.status).toBe(200);
    // The seeded brute-force burst: eight failures in a row, locked out.
    expect(logins.body.items[0]).toMatchObject({
      failures: 8,
      lockedOut: true,
      distinctSources: expect.any(Number),
    });
  });

  it('says per username whether a successful login followed the failures', async () => {
    // Given two users who each mistype their password twice; only one then gets it right
    const from = new Date().toISOString();
    await signUp(t.baseUrl, 'got_in_after');
    await signUp(t.baseUrl, 'never_got_in');
    const logIn = (username: string, password: string) =>
      http(t.baseUrl, 'POST', '/auth/login', { body: { username, password } });
    for (const username of ['got_in_after', 'never_got_in']) {
      for (let i = 0; i < 2; i += 1)
        expect((await logIn(username, 'not-the-password')).status).toBe(401);
    }
    expect((await logIn('got_in_after', 'got_in_after-password-123')).status).toBe(200);
    await settleLog();
    // When an analyst asks for failed logins since then
    const reply = await http(t.baseUrl, 'GET', `/audit/failed-logins?from=${from}&minFailures=2`, {
      token: analystToken,
    });
    // Then each username shows its failures, and whether a success followed
    const byName = new Map(
      reply.body.items.map((i: { username: string }) => [i.username, i] as const),
    );
    expect(byName.get('got_in_after')).toMatchObject({
      failures: 2,
      succeededAfter: true,
      lockedOut: false,
    });
    expect(byName.get('never_got_in')).toMatchObject({ failures: 2, succeededAfter: false });
  });

  it('is for analysts and admins: anonymous 401, plain users 403', async () => {
    expect((await http(t.baseUrl, 'GET', '/audit/commands')).status).toBe(401);
    expect((await http(t.baseUrl, 'GET', '/audit/commands', { token: userToken })).status).toBe(
      403,
    );
    expect(
      (await http(t.baseUrl, 'GET', '/audit/failed-logins', { token: userToken })).status,
    ).toBe(403);
    const bad = await http(t.baseUrl, 'GET', '/audit/commands?status=maybe&format=xml', {
      token: analystToken,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'format',
      'status',
    ]);
  });
});
