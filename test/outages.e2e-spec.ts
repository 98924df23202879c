import { ADMIN_DATABASE_URL, http, HttpReply, signUp } from '@contest/testing';
import { Client } from 'pg';
import { startTestApp, TestApp } from '@contest/testing/app';
import {
  describeWithRedisServer,
  StoppableRedis,
  startStoppableRedis,
} from '@contest/testing/redis';

jest.setTimeout(120_000);

/** 503 problem+json with the code and a Retry-After: what an outage looks like to a client. */
function expectRetryLater(reply: HttpReply, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status: 503, code });
  expect(reply.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
}

interface LoginRow {
  status: string;
  http_status: number;
  rejection_code: string | null;
}

describe('outages answered honestly', () => {
  // Only where Redis is used (REDIS_URL set) and a redis-server of the test's own can start.
  describeWithRedisServer('Redis away (Redis only)', () => {
    let redis: StoppableRedis;
    let t: TestApp;

    beforeAll(async () => {
      redis = await startStoppableRedis();
      t = await startTestApp({ REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '0' });
    });
    afterAll(async () => {
      await t?.close();
      await redis?.dispose();
    });

    it('answers 503 SESSION_STORE_UNAVAILABLE, logs what it refused, and agrees with the log on every login', async () => {
      const gina = await signUp(t.baseUrl, 'gina_juggles');
      await redis.stop();

      const login = await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'gina_juggles', password: 'gina_juggles-password-123' },
      });
      expectRetryLater(login, 'SESSION_STORE_UNAVAILABLE');
      const [row]: LoginRow[] = await t.dataSource.query(
        `SELECT status, http_status, rejection_code FROM command_log WHERE command_id = $1`,
        [login.body.commandId],
      );
      expect(row).toEqual({
        status: 'rejected',
        http_status: 503,
        rejection_code: 'SESSION_STORE_UNAVAILABLE',
      });

      // A token cannot be checked: reads and commands alike are told to retry, never a 500.
      expectRetryLater(
        await http(t.baseUrl, 'GET', '/me', { token: gina.token }),
        'SESSION_STORE_UNAVAILABLE',
      );
      const create = await http(t.baseUrl, 'POST', '/contests', {
        token: gina.token,
        body: { title: 'Juggling', category: 'circus' },
      });
      expectRetryLater(create, 'SESSION_STORE_UNAVAILABLE');
      const [refused]: LoginRow[] = await t.dataSource.query(
        `SELECT status, http_status, rejection_code FROM command_log WHERE command_id = $1`,
        [create.body.commandId],
      );
      expect(refused).toMatchObject({
        http_status: 503,
        rejection_code: 'SESSION_STORE_UNAVAILABLE',
      });

      // What needs no session goes on.
      const registered = await http(t.baseUrl, 'POST', '/auth/register', {
        body: { username: 'hal_unicycle', email: 'hal@example.com', password: 'hal-password-123' },
      });
      expect(registered.status).toBe(201);

      await redis.start();
      const deadline = Date.now() + 10_000;
      let again: HttpReply;
      do {
        again = await http(t.baseUrl, 'POST', '/auth/login', {
          body: { username: 'gina_juggles', password: 'gina_juggles-password-123' },
        });
      } while (again.status === 503 && Date.now() < deadline);
      expect(again.status).toBe(200);
      expect((await http(t.baseUrl, 'GET', '/me', { token: again.body.token })).status).toBe(200);
    });
  });

  describe('Postgres backends killed', () => {
    let t: TestApp;
    let admin: Client;

    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
      admin = new Client({ connectionString: ADMIN_DATABASE_URL });
      await admin.connect();
    });
    afterAll(async () => {
      await admin?.end();
      await t?.close();
    });

    const killBackends = (filter = 'true') =>
      admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND ${filter}`,
        [t.db.name],
      );

    // The app's own pool may still hold a connection the killer cut and whose error has not
    // reached it yet; the test reads the log on a connection of its own, opened after the storm.
    async function readLog<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
      const reader = new Client({ connectionString: t.db.url });
      await reader.connect();
      try {
        return (await reader.query(sql, params)).rows as Row[];
      } finally {
        await reader.end();
      }
    }

    it('a login whose transaction is cut answers 503 DATABASE_UNAVAILABLE and leaves nothing in the log', async () => {
      await signUp(t.baseUrl, 'ivy_juggles');
      // Hold the username's stream lock, so the login's transaction waits inside Postgres.
      const holder = new Client({ connectionString: t.db.url });
      await holder.connect();
      await holder.query('BEGIN');
      const [{ pid: holderPid }] = (
        await holder.query(
          `SELECT pg_backend_pid() AS pid, pg_advisory_xact_lock(hashtextextended('username:ivy_juggles', 0))`,
        )
      ).rows;
      // The login's backend, and no other: a projector waiting on its own lock is not the login.
      const blockedByHolder = `${Number(holderPid)} = ANY(pg_blocking_pids(pid))`;
      const pending = http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'ivy_juggles', password: 'ivy_juggles-password-123' },
        headers: { 'x-request-id': 'cut-login' },
      });
      // Until the login waits on the lock; a reply first means it never got there, and says why.
      let answered: HttpReply | null = null;
      void pending.then((reply) => (answered = reply));
      for (let waiting = 0; waiting === 0;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (answered) throw new Error(`login answered before waiting: ${JSON.stringify(answered)}`);
        const { rowCount } = await admin.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND ${blockedByHolder}`,
          [t.db.name],
        );
        waiting = rowCount ?? 0;
      }
      await killBackends(blockedByHolder);
      const login = await pending;
      await holder.query('ROLLBACK');
      await holder.end();

      expectRetryLater(login, 'DATABASE_UNAVAILABLE');
      const rows = await readLog(
        `SELECT 1 FROM command_log WHERE metadata->>'correlationId' = 'cut-login'`,
      );
      expect(rows).toHaveLength(0);
      const next = await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'ivy_juggles', password: 'ivy_juggles-password-123' },
      });
      expect(next.status).toBe(200);
    });

    it('under a burst of logins with backends killed again and again: no 500, and the log agrees with every reply', async () => {
      const users = ['jo_skates', 'kim_skates', 'lou_skates', 'max_skates'];
      for (const name of users) await signUp(t.baseUrl, name);
      let killing = true;
      const killer = (async () => {
        while (killing) {
          await killBackends().catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      })();
      const replies = await Promise.all(
        Array.from({ length: 80 }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * 10));
          const name = users[i % users.length];
          const password = i % 5 === 0 ? 'a-wrong-password' : `${name}-password-123`;
          const requestId = `burst-${i}`;
          const reply = await http(t.baseUrl, 'POST', '/auth/login', {
            body: { username: name, password },
            headers: { 'x-request-id': requestId },
          });
          return { requestId, reply };
        }),
      );
      killing = false;
      await killer;

      const statuses = replies.map(({ reply }) => reply.status);
      // The storm did reach requests in flight, or the test proves nothing.
      expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
      for (const { reply } of replies) {
        expect(reply.status).not.toBe(500);
        if (reply.status === 503) expectRetryLater(reply, 'DATABASE_UNAVAILABLE');
      }
      const logged = await readLog<LoginRow & { correlation_id: string }>(
        `SELECT metadata->>'correlationId' AS correlation_id, status, http_status, rejection_code
         FROM command_log WHERE type = 'LogIn' AND metadata->>'correlationId' LIKE 'burst-%'`,
      );
      const byRequest = new Map(logged.map((row) => [row.correlation_id, row]));
      for (const { requestId, reply } of replies) {
        const row = byRequest.get(requestId);
        if (reply.status === 503 && reply.body.code === 'DATABASE_UNAVAILABLE') {
          expect({ requestId, row }).toEqual({ requestId, row: undefined });
        } else {
          expect({
            requestId,
            status: row?.http_status,
            code: row?.rejection_code ?? null,
          }).toEqual({
            requestId,
            status: reply.status,
            code: reply.status >= 400 ? reply.body.code : null,
          });
        }
      }
      // After the storm, the platform answers as usual.
      const after = await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: users[0], password: `${users[0]}-password-123` },
      });
      expect(after.status).toBe(200);
    });
  });
});
