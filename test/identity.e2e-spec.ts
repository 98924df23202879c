import { http } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

const PASSWORD = 'Unique-Pa55word-4-e2e-zebra';
const ADMIN_PASSWORD = 'admin-password-for-e2e';

describe('identity over HTTP', () => {
  let t: TestApp;
  const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
    http(t.baseUrl, method, path, options);

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USERNAME: 'root_admin', ADMIN_PASSWORD });
  });
  afterAll(() => t?.close());

  const logRow = async (commandId: string) => {
    const rows = await t.dataSource.query(
      `SELECT position, type, status, rejection_code, actor_id, payload, metadata, http_status
       FROM command_log WHERE command_id = $1`,
      [commandId],
    );
    return rows[0];
  };

  it('registers, fails twice, logs in, reads /me and its fresh activity view; no password anywhere', async () => {
    const registered = await call('POST', '/auth/register', {
      body: {
        username: 'alice',
        email: 'Alice@Example.com',
        password: PASSWORD,
        displayName: 'Alice',
      },
      headers: { 'x-request-id': 'e2e-register-1' },
    });
    expect(registered.status).toBe(201);
    const { userId, commandId, position } = registered.body;
    expect(registered.headers.get('x-command-id')).toBe(commandId);
    expect(registered.headers.get('x-log-position')).toBe(String(position));
    expect(registered.headers.get('x-request-id')).toBe('e2e-register-1');

    const failures = [];
    for (const wrong of ['wrong-password-1', 'wrong-password-2']) {
      const failed = await call('POST', '/auth/login', {
        body: { username: 'alice', password: wrong },
      });
      expect(failed.status).toBe(401);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
      expect(failed.body).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
      expect(failed.body.commandId).toBe(failed.headers.get('x-command-id'));
      failures.push(failed.body);
    }

    const login = await call('POST', '/auth/login', {
      body: { username: 'alice', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ userId, roles: ['user'] });
    expect(typeof login.body.token).toBe('string');
    expect(Date.parse(login.body.expiresAt)).toBeGreaterThan(Date.now());

    const me = await call('GET', '/me', { token: login.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      userId,
      username: 'alice',
      displayName: 'Alice',
      roles: ['user'],
    });

    const view = await call('GET', `/users/${userId}?minPosition=${login.body.position}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      userId,
      displayName: 'Alice',
      contestsCreated: 0,
      votesCast: 0,
    });
    expect(Number(view.headers.get('x-projection-position'))).toBeGreaterThanOrEqual(
      login.body.position,
    );
    expect(view.body.position).toBe(Number(view.headers.get('x-projection-position')));

    expect(await logRow(commandId)).toMatchObject({
      type: 'RegisterUser',
      status: 'accepted',
      rejection_code: null,
      http_status: 201,
      metadata: expect.objectContaining({ correlationId: 'e2e-register-1' }),
    });
    for (const failure of failures) {
      expect(await logRow(failure.commandId)).toMatchObject({
        type: 'LogIn',
        status: 'rejected',
        rejection_code: 'INVALID_CREDENTIALS',
        http_status: 401,
      });
    }
    expect(await logRow(login.body.commandId)).toMatchObject({
      type: 'LogIn',
      status: 'accepted',
      rejection_code: null,
    });

    // The password (and the token) appear nowhere: not in any table, not in the app's log.
    const tables: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    for (const secret of [PASSWORD, login.body.token, 'wrong-password-1', ADMIN_PASSWORD]) {
      for (const { table_name } of tables) {
        const [hit] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE '%' || $1 || '%'`,
          [secret],
        );
        expect({ table_name, n: hit.n }).toEqual({ table_name, n: 0 });
      }
      expect(t.logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
    expect(t.logLines.length).toBeGreaterThan(5);
  });

  it('logs every request line with its correlation id', async () => {
    await call('GET', '/health/live', { headers: { 'x-request-id': 'trace-me-42' } });
    // The request line is written when the response has finished, which may be just after the
    // client has read it.
    const traced = () => t.logLines.filter((line) => line.includes('trace-me-42'));
    for (let i = 0; i < 50 && traced().length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    const lines = traced().map((line) => JSON.parse(line));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          correlationId: 'trace-me-42',
          msg: expect.stringContaining('/health/live'),
        }),
      ]),
    );
  });

  it('logs out: the token stops working and the logout is a logged command', async () => {
    await call('POST', '/auth/register', {
      body: { username: 'bob', email: 'bob@example.com', password: PASSWORD },
    });
    const login = await call('POST', '/auth/login', {
      body: { username: 'bob', password: PASSWORD },
    });
    const logout = await call('POST', '/auth/logout', { token: login.body.token });
    expect(logout.status).toBe(204);
    const commandId = logout.headers.get('x-command-id')!;
    expect(await logRow(commandId)).toMatchObject({
      type: 'LogOut',
      status: 'accepted',
      actor_id: login.body.userId,
    });
    const me = await call('GET', '/me', { token: login.body.token });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    const again = await call('POST', '/auth/logout', { token: login.body.token });
    expect(again.status).toBe(401);
    expect(await logRow(again.body.commandId)).toMatchObject({
      type: 'LogOut',
      status: 'rejected',
      rejection_code: 'UNAUTHENTICATED',
    });
  });

  it('refuses a taken username and a taken email with 409, logged', async () => {
    await call('POST', '/auth/register', {
      body: { username: 'carol', email: 'carol@example.com', password: PASSWORD },
    });
    const sameName = await call('POST', '/auth/register', {
      body: { username: 'carol', email: 'c2@example.com', password: PASSWORD },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.code).toBe('USERNAME_TAKEN');
    const sameEmail = await call('POST', '/auth/register', {
      body: { username: 'carol2', email: 'CAROL@example.com', password: PASSWORD },
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.code).toBe('EMAIL_TAKEN');
    expect(await logRow(sameEmail.body.commandId)).toMatchObject({
      status: 'rejected',
      rejection_code: 'EMAIL_TAKEN',
    });
  });

  it('locks a username after five failures: even the right password gets 429 TOO_MANY_FAILED_LOGINS', async () => {
    await call('POST', '/auth/register', {
      body: { username: 'dave', email: 'dave@example.com', password: PASSWORD },
    });
    for (let i = 0; i < 5; i += 1) {
      const failed = await call('POST', '/auth/login', {
        body: { username: 'dave', password: `nope-${i}-xxxxxx` },
      });
      expect(failed.body.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await call('POST', '/auth/login', {
      body: { username: 'dave', password: PASSWORD },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('TOO_MANY_FAILED_LOGINS');
    expect(locked.headers.get('retry-after')).toBeTruthy();
    expect(await logRow(locked.body.commandId)).toMatchObject({
      type: 'LogIn',
      status: 'rejected',
      rejection_code: 'TOO_MANY_FAILED_LOGINS',
    });
  });

  it('lets the bootstrap admin grant roles; a non-admin gets 403 and an unknown user 404, all logged', async () => {
    const admin = await call('POST', '/auth/login', {
      body: { username: 'root_admin', password: ADMIN_PASSWORD },
    });
    expect(admin.body.roles).toContain('admin');
    await call('POST', '/auth/register', {
      body: { username: 'erin', email: 'erin@example.com', password: PASSWORD },
    });
    const erin = await call('POST', '/auth/login', {
      body: { username: 'erin', password: PASSWORD },
    });

    const granted = await call('POST', `/admin/users/${erin.body.userId}/roles`, {
      token: admin.body.token,
      body: { role: 'moderator' },
    });
    expect(granted.status).toBe(200);
    expect((await call('GET', '/me', { token: erin.body.token })).body.roles).toEqual([
      'user',
      'moderator',
    ]);

    const forbidden = await call('POST', `/admin/users/${erin.body.userId}/roles`, {
      token: erin.body.token,
      body: { role: 'admin' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expect(await logRow(forbidden.body.commandId)).toMatchObject({
      type: 'GrantRole',
      status: 'rejected',
      rejection_code: 'FORBIDDEN',
      actor_id: erin.body.userId,
    });

    const anonymous = await call('POST', `/admin/users/${erin.body.userId}/roles`, {
      body: { role: 'admin' },
    });
    expect(anonymous.status).toBe(401);
    expect(await logRow(anonymous.body.commandId)).toMatchObject({
      type: 'GrantRole',
      rejection_code: 'UNAUTHENTICATED',
    });

    const unknown = await call('POST', '/admin/users/01a00000-0000-7000-8000-000000000000/roles', {
      token: admin.body.token,
      body: { role: 'analyst' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
    expect(await logRow(unknown.body.commandId)).toMatchObject({
      status: 'rejected',
      rejection_code: 'USER_NOT_FOUND',
    });
  });

  it('answers a repeated Idempotency-Key with the first reply and appends nothing', async () => {
    const headers = { 'idempotency-key': 'register-frank-1' };
    const body = { username: 'frank', email: 'frank@example.com', password: PASSWORD };
    const first = await call('POST', '/auth/register', { body, headers });
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM command_log`);
    const second = await call('POST', '/auth/register', { body, headers });
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM command_log`);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('x-command-id')).toBe(first.body.commandId);
    expect(after).toBe(before);

    // A refusal is replayed too.
    const bad = await call('POST', '/auth/register', {
      body: { username: 'X' },
      headers: { 'idempotency-key': 'bad-1' },
    });
    const badAgain = await call('POST', '/auth/register', {
      body: { username: 'X' },
      headers: { 'idempotency-key': 'bad-1' },
    });
    expect(badAgain.status).toBe(400);
    expect(badAgain.body.commandId).toBe(bad.body.commandId);
  });
});
