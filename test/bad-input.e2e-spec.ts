import { RawClient, http, HttpReply } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

describe('bad input over HTTP', () => {
  let t: TestApp;
  const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
    http(t.baseUrl, method, path, options);

  let raw: RawClient;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USERNAME: 'edge_admin', ADMIN_PASSWORD: 'edge-admin-password' });
    raw = new RawClient(t.baseUrl, 2);
    const login = await call('POST', '/auth/login', {
      body: { username: 'edge_admin', password: 'edge-admin-password' },
    });
    admin = login.body.token;
  });
  afterAll(async () => {
    raw?.close();
    await t?.close();
  });

  /** A reply of the raw client, shaped like http()'s, for the checks above. */
  async function rawCall(
    method: string,
    path: string,
    headers: Record<string, string | string[]> = {},
    body?: string,
  ): Promise<HttpReply> {
    const reply = await raw.send({ method, path, headers, body });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers))
      if (typeof value === 'string') responseHeaders.set(name, value);
    let parsed: unknown;
    try {
      parsed = JSON.parse(reply.text);
    } catch {
      parsed = undefined;
    }
    return { status: reply.status, headers: responseHeaders, body: parsed, text: reply.text };
  }
  const paths = (reply: HttpReply) => reply.body.errors.map((e: { path: string }) => e.path);

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

  it('NUL and lone surrogates anywhere in a body: 400 VALIDATION_FAILED with their paths, stored scrubbed', async () => {
    const reply = await call('POST', '/auth/register', {
      raw: '{"username":"a\\u0000b","email":"x\\ud800@example.com","password":"long-enough-pass","items":[0,1,2,{"name":"\\udc00"}],"k\\u0000":1}',
    });
    expectProblem(reply, 400, 'VALIDATION_FAILED');
    expect(new Set(paths(reply))).toEqual(
      new Set(['username', 'email', 'items.3.name', 'k\ufffd']),
    );
    const payload = await expectLoggedRefusal(reply, 'RegisterUser', 'VALIDATION_FAILED');
    expect(payload).toMatchObject({ username: 'a\ufffdb', password: '[REDACTED]' });
  });

  it('NUL in a path parameter or the query: 400 naming it, logged for a command', async () => {
    const write = await call('POST', '/entries/%00/vote', { token: admin, body: { value: 1 } });
    expectProblem(write, 400, 'VALIDATION_FAILED');
    expect(paths(write)).toEqual(['entryId']);
    await expectLoggedRefusal(write, 'CastVote', 'VALIDATION_FAILED');
    const read = await call('GET', '/contests?category=a%00b');
    expectProblem(read, 400, 'VALIDATION_FAILED');
    expect(paths(read)).toEqual(['category']);
  });

  it('JSON nested 5,000 deep, or 100,000 deep in arrays: 400 before any validator, body not stored', async () => {
    const objects = await call('POST', '/auth/login', {
      raw: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    });
    expectProblem(objects, 400, 'VALIDATION_FAILED');
    expect(paths(objects)).toEqual([Array(32).fill('a').join('.')]);
    const payload = await expectLoggedRefusal(objects, 'LogIn', 'VALIDATION_FAILED');
    expect(payload).toEqual({ body: { type: 'object', bytes: 30001 } });
    const arrays = await call('POST', '/auth/register', {
      raw: `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
    });
    expectProblem(arrays, 400, 'VALIDATION_FAILED');
    const huge = await call('POST', '/auth/login', { raw: `[${'0,'.repeat(30_000)}0]` });
    expectProblem(huge, 400, 'VALIDATION_FAILED');
  });

  it('a login or register body that is not an object is stored only as its type and size', async () => {
    for (const raw of [
      '[{"username":"x","password":"array-held-secret"}]',
      '"a-string-secret"',
      '7',
      'true',
      'null',
    ]) {
      const reply = await call('POST', '/auth/login', { raw });
      expectProblem(reply, 400, 'VALIDATION_FAILED');
      const payload = await expectLoggedRefusal(reply, 'LogIn', 'VALIDATION_FAILED');
      expect(payload).toEqual({
        body: { type: expect.any(String), bytes: Buffer.byteLength(raw) },
      });
    }
  });

  it('integers out of range in the query or the path: 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/contests?minPosition=99999999999999999999', 'minPosition'],
      ['/contests?minPosition=1e400', 'minPosition'],
      ['/contests?minPosition=-0', 'minPosition'],
      ['/contests?limit=0x10', 'limit'],
      ['/contests?waitMs=%20%205', 'waitMs'],
      [
        '/contests/01a00000-0000-7000-8000-000000000000/standings?offset=99999999999999999999',
        'offset',
      ],
      ['/audit/failed-logins?minFailures=9007199254740993', 'minFailures'],
    ];
    for (const [path, param] of cases) {
      const reply = await call('GET', path, { token: admin });
      expectProblem(reply, 400, 'VALIDATION_FAILED');
      expect(paths(reply)).toEqual([param]);
    }
    const deadLetter = await call('POST', '/admin/dead-letters/99999999999999999999/retry', {
      token: admin,
    });
    expectProblem(deadLetter, 400, 'VALIDATION_FAILED');
    expect(paths(deadLetter)).toEqual(['id']);
  });

  it('forged cursors: 400 INVALID_CURSOR on every route that takes one', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = [b64(['x', 'y']), b64(['2026-01-01T00:00:00.000Z', 'nope']), '!!', b64([1])];
    for (const route of [
      '/contests',
      '/entries/01a00000-0000-7000-8000-000000000000/comments',
      '/audit/commands',
      '/admin/replays',
    ]) {
      for (const cursor of [...forged, b64(['99999999999999999999999', 1])]) {
        const reply = await call('GET', `${route}?cursor=${encodeURIComponent(cursor)}`, {
          token: admin,
        });
        expectProblem(reply, 400, 'INVALID_CURSOR');
        expect(paths(reply)).toEqual(['cursor']);
      }
    }
  });

  it('times that are not ISO-8601 calendar times: 400 naming the field, on /audit and in bodies', async () => {
    for (const time of [
      '5001',
      '+275760-09-13T00:00:00.001Z',
      '2026-02-30',
      '2026-01-01T24:00:00Z',
    ]) {
      for (const route of [
        '/audit/commands',
        '/audit/rejections/summary',
        '/audit/failed-logins',
      ]) {
        const reply = await call('GET', `${route}?from=${encodeURIComponent(time)}`, {
          token: admin,
        });
        expectProblem(reply, 400, 'VALIDATION_FAILED');
        expect(paths(reply)).toEqual(['from']);
      }
    }
    const contest = await call('POST', '/contests', {
      token: admin,
      body: { title: 't', category: 'c', submissionsCloseAt: '5001', votingClosesAt: '2026-02-30' },
    });
    expectProblem(contest, 400, 'VALIDATION_FAILED');
    expect(new Set(paths(contest))).toEqual(new Set(['submissionsCloseAt', 'votingClosesAt']));
  });

  it('an email that is not one: 400 VALIDATION_FAILED on email', async () => {
    const reply = await call('POST', '/auth/register', {
      raw: '{"username":"mail_user","email":"not-an-email","password":"long-enough-pass"}',
    });
    expectProblem(reply, 400, 'VALIDATION_FAILED');
    expect(paths(reply)).toEqual(['email']);
  });

  it('an Idempotency-Key outside the grammar, or sent twice: 400 INVALID_IDEMPOTENCY_KEY, logged', async () => {
    for (const key of ['has space', '', 'k'.repeat(65), ['one', 'two']]) {
      const reply = await rawCall('POST', '/auth/logout', { 'idempotency-key': key });
      expectProblem(reply, 400, 'INVALID_IDEMPOTENCY_KEY');
      expect(paths(reply)).toEqual(['Idempotency-Key']);
      await expectLoggedRefusal(reply, 'LogOut', 'INVALID_IDEMPOTENCY_KEY');
    }
  });

  it("the framework's own refusals are problem+json with a code, and logged for commands", async () => {
    const badUrl = await rawCall('POST', '/entries/%E0%A4%A/vote', {
      authorization: `Bearer ${admin}`,
    });
    expectProblem(badUrl, 400, 'VALIDATION_FAILED');
    expect(paths(badUrl)).toEqual(['url']);
    await expectLoggedRefusal(badUrl, 'CastVote', 'VALIDATION_FAILED');
    expectProblem(await rawCall('GET', '/users/%zz'), 400, 'VALIDATION_FAILED');

    const longUrl = await rawCall('POST', `/auth/logout?pad=${'a'.repeat(5000)}`);
    expectProblem(longUrl, 414, 'URI_TOO_LONG');
    await expectLoggedRefusal(longUrl, 'LogOut', 'URI_TOO_LONG');
    const longParam = await rawCall('GET', `/users/${'a'.repeat(3000)}`);
    expectProblem(longParam, 400, 'VALIDATION_FAILED');

    // Refused by Node's parser before a request exists: answered, not logged (README).
    const headers = await rawCall('GET', '/contests', { 'x-padding': 'c'.repeat(17_000) });
    expectProblem(headers, 431, 'HEADERS_TOO_LARGE');
    const hugeUrl = await rawCall('GET', `/contests/${'b'.repeat(17_000)}`);
    expectProblem(hugeUrl, 414, 'URI_TOO_LONG');
  });
});
