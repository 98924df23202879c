import { http, HttpReply } from './support/http';
import { startTestApp, TestApp } from './support/test-app';

describe('bad input over HTTP', () => {
  let t: TestApp;
  const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
    http(t.baseUrl, method, path, options);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** A 4xx problem+json reply, never a 500 or a stack trace. */
  function expectProblem(reply: HttpReply, status: number, code: string) {
    expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
    expect(reply.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  }

  /** ...and, for a command, a rejected row in the log under the same command id. */
  async function expectLoggedRefusal(reply: HttpReply, type: string, code: string) {
    expect(reply.body.commandId).toBe(reply.headers.get('x-command-id'));
    expect(reply.body.position).toBe(Number(reply.headers.get('x-log-position')));
    const rows = await t.dataSource.query(
      `SELECT type, status, rejection_code, http_status, payload FROM command_log WHERE command_id = $1`,
      [reply.body.commandId],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        type,
        status: 'rejected',
        rejection_code: code,
        http_status: reply.status,
      }),
    ]);
    return rows[0].payload;
  }

  it('malformed JSON: 400 MALFORMED_JSON, logged without the body', async () => {
    const reply = await call('POST', '/auth/register', {
      raw: '{"username": "x", "password": "secret-in-broken-json',
    });
    expectProblem(reply, 400, 'MALFORMED_JSON');
    const payload = await expectLoggedRefusal(reply, 'RegisterUser', 'MALFORMED_JSON');
    expect(JSON.stringify(payload)).not.toContain('secret-in-broken-json');
  });

  it('wrong types: 400 VALIDATION_FAILED with a path per field', async () => {
    const reply = await call('POST', '/auth/register', {
      body: { username: 42, email: ['x'], password: true },
    });
    expectProblem(reply, 400, 'VALIDATION_FAILED');
    const paths = reply.body.errors.map((e: { path: string }) => e.path);
    expect(new Set(paths)).toEqual(new Set(['username', 'email', 'password']));
    const payload = await expectLoggedRefusal(reply, 'RegisterUser', 'VALIDATION_FAILED');
    expect(payload).toMatchObject({ username: 42, password: '[REDACTED]' });
  });

  it('extra fields: 400 VALIDATION_FAILED naming the field', async () => {
    const reply = await call('POST', '/auth/register', {
      body: {
        username: 'valid_name',
        email: 'v@example.com',
        password: 'long-enough-pass',
        isAdmin: true,
      },
    });
    expectProblem(reply, 400, 'VALIDATION_FAILED');
    expect(reply.body.errors).toEqual([
      { path: 'isAdmin', message: 'property isAdmin should not exist' },
    ]);
    await expectLoggedRefusal(reply, 'RegisterUser', 'VALIDATION_FAILED');
    const users = await t.dataSource.query(`SELECT 1 FROM users WHERE username = 'valid_name'`);
    expect(users).toHaveLength(0);
  });

  it('a body that is not an object, and no body at all: 400 VALIDATION_FAILED', async () => {
    expectProblem(await call('POST', '/auth/login', { raw: '[1,2,3]' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await call('POST', '/auth/login', { raw: '"just a string"' }),
      400,
      'VALIDATION_FAILED',
    );
    const empty = await call('POST', '/auth/login');
    expectProblem(empty, 400, 'VALIDATION_FAILED');
    await expectLoggedRefusal(empty, 'LogIn', 'VALIDATION_FAILED');
  });

  it('a 100 KiB body: 413 PAYLOAD_TOO_LARGE, logged, body not stored', async () => {
    const huge = JSON.stringify({
      username: 'big',
      email: 'big@example.com',
      password: 'x'.repeat(100 * 1024),
    });
    const reply = await call('POST', '/auth/register', { raw: huge });
    expectProblem(reply, 413, 'PAYLOAD_TOO_LARGE');
    const payload = await expectLoggedRefusal(reply, 'RegisterUser', 'PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(payload).length).toBeLessThan(200);
  });

  it('a body that is not JSON: 415 UNSUPPORTED_MEDIA_TYPE, logged', async () => {
    const reply = await call('POST', '/auth/login', {
      raw: 'username=a&password=b',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectLoggedRefusal(reply, 'LogIn', 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('unknown routes: 404 ROUTE_NOT_FOUND; a mutating one is logged as an unknown command', async () => {
    const read = await call('GET', '/no/such/page');
    expectProblem(read, 404, 'ROUTE_NOT_FOUND');
    expect(read.body.commandId).toBeUndefined();
    const write = await call('DELETE', '/no/such/thing', { body: { a: 1 } });
    expectProblem(write, 404, 'ROUTE_NOT_FOUND');
    const payload = await expectLoggedRefusal(write, 'UnknownCommand', 'ROUTE_NOT_FOUND');
    expect(payload).toMatchObject({ method: 'DELETE', path: '/no/such/thing' });
  });

  it('a path id that is not a UUID: 400 VALIDATION_FAILED on that path', async () => {
    const read = await call('GET', '/users/not-a-uuid');
    expectProblem(read, 400, 'VALIDATION_FAILED');
    expect(read.body.errors).toEqual([{ path: 'userId', message: 'userId must be a UUID' }]);
  });

  it('a bad minPosition on a view read: 400 VALIDATION_FAILED', async () => {
    const reply = await call(
      'GET',
      '/users/01a00000-0000-7000-8000-000000000000?minPosition=-3&waitMs=abc',
    );
    expectProblem(reply, 400, 'VALIDATION_FAILED');
    expect([...new Set(reply.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual([
      'minPosition',
      'waitMs',
    ]);
  });

  it('a view that cannot reach minPosition in time: 503 PROJECTION_BEHIND with Retry-After', async () => {
    const reply = await call(
      'GET',
      '/users/01a00000-0000-7000-8000-000000000000?minPosition=999999&waitMs=50',
    );
    expectProblem(reply, 503, 'PROJECTION_BEHIND');
    expect(reply.headers.get('retry-after')).toBe('1');
  });

  it('a missing or bad token on a protected command: 401 UNAUTHENTICATED, logged', async () => {
    const none = await call('POST', '/auth/logout');
    expectProblem(none, 401, 'UNAUTHENTICATED');
    await expectLoggedRefusal(none, 'LogOut', 'UNAUTHENTICATED');
    const forged = await call('POST', '/auth/logout', {
      token: 'forged-token-forged-token-forged',
    });
    expectProblem(forged, 401, 'UNAUTHENTICATED');
    const payload = await expectLoggedRefusal(forged, 'LogOut', 'UNAUTHENTICATED');
    expect(JSON.stringify(payload)).not.toContain('forged-token');
  });

  it('never answers 500 to a barrage of odd requests', async () => {
    const odd: Array<[string, string, Parameters<typeof http>[3]]> = [
      ['POST', '/auth/register', { raw: '' }],
      ['POST', '/auth/register', { raw: 'null' }],
      ['POST', '/auth/register', { raw: '{"username": null}' }],
      ['POST', '/auth/register', { body: { username: 'a'.repeat(10_000) } }],
      ['POST', '/auth/login', { body: { username: { $gt: '' }, password: 'x' } }],
      ['POST', '/admin/users/xyz/roles', { body: { role: 'god' } }],
      ['PUT', '/auth/login', { body: {} }],
      ['GET', '/me', { token: 'x' }],
      ['GET', '/users/%zz', {}],
    ];
    for (const [method, path, options] of odd) {
      const reply = await call(method, path, options);
      expect({ method, path, status: reply.status }).toEqual({
        method,
        path,
        status: expect.any(Number),
      });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
    }
  });
});
