import { http, signUp } from '@contest/testing';
import { startTestApp, startWorkerBeside, TestApp } from '@contest/testing/app';

const ADMIN_PASSWORD = 'ops-admin-password';
const METRICS_TOKEN = 'scrape-token-0123456789abcdef0123456789';

describe('operations for admins over HTTP', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: 'ops_admin',
      ADMIN_PASSWORD,
      CORS_ORIGINS: 'https://app.example',
      METRICS_TOKEN,
    });
    token = (
      await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'ops_admin', password: ADMIN_PASSWORD },
      })
    ).body.token;
  });
  afterAll(() => t?.close());

  it('lists projections with checkpoint, head, lag, status and dead letters', async () => {
    const reply = await http(t.baseUrl, 'GET', '/admin/projections', { token });
    expect(reply.status).toBe(200);
    expect(reply.body.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'user-activity',
        'standings',
        'contest-list',
        'contest-detail',
        'entry-detail',
        'entry-comments',
      ]),
    );
    expect(reply.body[0]).toEqual(
      expect.objectContaining({
        version: 1,
        checkpoint: expect.any(Number),
        head: expect.any(Number),
        lag: expect.any(Number),
        status: 'running',
        deadLetters: 0,
      }),
    );
  });

  it('retries a parked row once, as a logged command; a second retry is DEAD_LETTER_RESOLVED', async () => {
    const user = await signUp(t.baseUrl, 'parked_user');
    const [row] = await t.dataSource.query(
      `SELECT position, tx_id::text AS tx_id, command_id FROM command_log WHERE type = 'RegisterUser' AND payload->>'username' = 'parked_user'`,
    );
    // A row the user-activity projector parked (re-applying a registration is a no-op there).
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO projection_dead_letters (projection, position, tx_id, command_id, error, attempts, status)
       VALUES ('user-activity', $1, $2::xid8, $3, 'simulated fault', 4, 'parked') RETURNING id`,
      [row.position, row.tx_id, row.command_id],
    );
    const listed = await http(t.baseUrl, 'GET', '/admin/dead-letters?status=parked', { token });
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: Number(id),
        projection: 'user-activity',
        error: 'simulated fault',
      }),
    ]);

    const retried = await http(t.baseUrl, 'POST', `/admin/dead-letters/${id}/retry`, { token });
    expect(retried.status).toBe(200);
    const again = await http(t.baseUrl, 'POST', `/admin/dead-letters/${id}/retry`, { token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DEAD_LETTER_RESOLVED');
    const [log] = await t.dataSource.query(
      `SELECT type, status FROM command_log WHERE command_id = $1`,
      [retried.body.commandId],
    );
    expect(log).toEqual({ type: 'RetryDeadLetter', status: 'accepted' });
    const activity = await http(
      t.baseUrl,
      'GET',
      `/users/${user.userId}?minPosition=${retried.body.position}&waitMs=5000`,
    );
    expect(activity.status).toBe(200);
    expect(
      (await http(t.baseUrl, 'POST', '/admin/dead-letters/999999/skip', { token })).body.code,
    ).toBe('DEAD_LETTER_NOT_FOUND');
    expect((await http(t.baseUrl, 'GET', '/admin/projections', { token: user.token })).status).toBe(
      403,
    );
  });

  it('serves Prometheus metrics to admins: commands, HTTP latency, projection lag, queue depths', async () => {
    const reply = await fetch(`${t.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/plain');
    const text = await reply.text();
    expect(text).toMatch(/contest_commands_total\{type="LogIn",status="accepted"\} \d+/);
    expect(text).toContain('contest_http_request_duration_seconds_bucket');
    expect(text).toMatch(/contest_projection_lag_rows\{projection="standings"\} \d+/);
    expect(text).toContain('contest_queue_jobs{queue="projections"');
    expect(text).toContain('contest_queue_jobs{queue="projection-rebuilds"');
    expect((await http(t.baseUrl, 'GET', '/metrics')).status).toBe(401);
  });

  it('lets a scraper read the metrics with METRICS_TOKEN, and nothing else with it', async () => {
    const scrape = await fetch(`${t.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('contest_commands_total');
    const wrong = await http(t.baseUrl, 'GET', '/metrics', { token: `${METRICS_TOKEN}x` });
    expect(wrong.status).toBe(401);
    const elsewhere = await http(t.baseUrl, 'GET', '/admin/projections', { token: METRICS_TOKEN });
    expect(elsewhere.status).toBe(401);
    // The refusals are logged; the token is not.
    const [{ leaked }] = await t.dataSource.query(
      `SELECT count(*)::int AS leaked FROM command_log WHERE payload::text LIKE $1 OR metadata::text LIKE $1`,
      [`%${METRICS_TOKEN.slice(0, 20)}%`],
    );
    expect(leaked).toBe(0);
  });

  it('a worker serves its own metrics (replay durations among them) to METRICS_TOKEN only', async () => {
    const worker = await startWorkerBeside(t);
    try {
      expect((await http(worker.baseUrl, 'GET', '/metrics')).status).toBe(401);
      const scrape = await fetch(`${worker.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      expect(text).toContain('contest_replay_duration_seconds_count');
      expect(text).toContain('contest_queue_jobs{queue="replays"');
    } finally {
      await worker.app.close();
    }
  });

  it('sends security headers, and CORS headers to the configured web app origin only', async () => {
    const reply = await fetch(`${t.baseUrl}/health/live`, {
      headers: { origin: 'https://app.example' },
    });
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('strict-transport-security')).toBeTruthy();
    expect(reply.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(reply.headers.get('access-control-expose-headers')).toContain('X-Command-Id');
    const stranger = await fetch(`${t.baseUrl}/health/live`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${t.baseUrl}/docs`)).status).toBe(200);
  });

  it('serves Bull Board at /admin/queues to admins only', async () => {
    expect((await fetch(`${t.baseUrl}/admin/queues`)).status).toBe(401);
    const user = await signUp(t.baseUrl, 'queue_peeker');
    expect(
      (
        await fetch(`${t.baseUrl}/admin/queues`, {
          headers: { authorization: `Bearer ${user.token}` },
        })
      ).status,
    ).toBe(403);
    const board = await fetch(`${t.baseUrl}/admin/queues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<');
    const api = await fetch(`${t.baseUrl}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(
      expect.arrayContaining(['projections', 'replays', 'contest-finalization']),
    );
  });
});
