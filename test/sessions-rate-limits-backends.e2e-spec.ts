import {
  deleteRedisPrefix,
  TEST_REDIS_URL,
  testQueuePrefix,
  http,
  HttpReply,
  signUp,
  openTestDataSource,
  TestDataSource,
} from '@contest/testing';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { RateLimited } from '../src/command-log/http/command-refusal';
import { ServiceUnavailable } from '../src/command-log/pipeline/storage-failure';
import { CommandRateLimiter } from '../src/command-log/rate-limit/command-rate-limiter';
import { RefusalCounter } from '../src/command-log/rate-limit/refusal-counter';
import {
  PostgresSessionStore,
  SESSION_CACHE_MS,
} from '../src/identity/sessions/postgres-session.store';
import { SessionStore } from '../src/identity/sessions/session.store';
import { AppConfig } from '../src/platform/config/app-config';
import { closeEdgeBackend, createEdgePool, EdgeBackend } from '../src/platform/redis/edge-backend';
import { createRedis } from '../src/platform/redis/redis-connection';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { createApp } from '../src/bootstrap';
import { startTestApp, TestApp } from '@contest/testing/app';
import { redisAnswers } from '@contest/testing/redis';

type Kind = EdgeBackend['kind'];

/** Postgres always; Redis where one answers at TEST_REDIS_URL. */
const BACKENDS: Kind[] = ['postgres', ...(redisAnswers() ? (['redis'] as const) : [])];

/** How long a logout or role grant may take to reach another process, per backend. */
const BOUND_MS: Record<Kind, number> = { postgres: SESSION_CACHE_MS, redis: 0 };

/** Slack for the poll interval and a busy machine on top of the documented bound. */
const SLACK_MS = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(BACKENDS)('sessions and rate limits on %s', (kind) => {
  let db: TestDataSource;
  let prefix: string;
  const edges: EdgeBackend[] = [];
  const stores: SessionStore[] = [];

  /** A backend as one process makes it at start: its own connections. */
  const edge = (url?: string): EdgeBackend => {
    const made: EdgeBackend =
      kind === 'postgres'
        ? { kind, pool: createEdgePool(url ?? db.db.url) }
        : { kind, redis: createRedis(url ?? TEST_REDIS_URL) };
    edges.push(made);
    return made;
  };
  const config = (overrides: Partial<AppConfig> = {}) =>
    ({
      queuePrefix: prefix,
      sessionTtlSeconds: 3600,
      rateLimitPerMinute: 5,
      ...overrides,
    }) as AppConfig;
  /** Waits for a Redis client to be ready, as the app's is by the time requests arrive. */
  const connected = async (made: EdgeBackend): Promise<EdgeBackend> => {
    if (made.kind === 'redis') await made.redis.ping();
    return made;
  };
  /** A session store of a process of its own (its own connections and cache). */
  const process_ = (overrides: Partial<AppConfig> = {}): SessionStore => {
    const store = new SessionStore(edge(), config(overrides));
    store.onModuleInit();
    stores.push(store);
    return store;
  };
  const user = () => ({ userId: randomUUID(), username: `u_${randomUUID().slice(0, 8)}` });

  /** Polls until `check` holds; returns how long that took, or throws past `withinMs`. */
  const reachedWithin = async (check: () => Promise<boolean>, withinMs: number) => {
    const started = Date.now();
    for (;;) {
      if (await check()) return Date.now() - started;
      if (Date.now() - started > withinMs) throw new Error(`not reached within ${withinMs} ms`);
      await sleep(25);
    }
  };

  beforeAll(async () => {
    db = await openTestDataSource(4);
    prefix = testQueuePrefix();
  });
  afterAll(async () => {
    for (const store of stores) store.onApplicationShutdown();
    for (const made of edges) await closeEdgeBackend(made);
    if (kind === 'redis') await deleteRedisPrefix(prefix);
    await db?.close();
  });

  describe('sessions', () => {
    it('opens a session, finds it by its token, and stores no token', async () => {
      const a = process_();
      expect(a.kind).toBe(kind);
      const { userId, username } = user();
      const now = new Date();
      const opened = await a.open({ userId, username, roles: ['user'] }, now);
      expect(opened.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(opened.expiresAt).toBe(new Date(now.getTime() + 3600_000).toISOString());
      expect(await a.find(opened.token)).toEqual({ userId, username, roles: ['user'] });
      // Another process finds it too, and nobody finds a token never issued.
      expect(await process_().find(opened.token)).toEqual({ userId, username, roles: ['user'] });
      expect(await a.find('A'.repeat(43))).toBeNull();
      if (kind === 'postgres') {
        const [{ n }] = await db.dataSource.query(
          `SELECT count(*)::int AS n FROM sessions
            WHERE user_id = $1 AND token_digest = sha256(convert_to($2, 'UTF8'))`,
          [userId, opened.token],
        );
        expect(n).toBe(1);
        const [row] = await db.dataSource.query(`SELECT * FROM sessions WHERE user_id = $1`, [
          userId,
        ]);
        expect(JSON.stringify(row)).not.toContain(opened.token);
      }
    });

    it('lets a session expire after its TTL, in the process that cached it too', async () => {
      const a = process_({ sessionTtlSeconds: 1 });
      const { userId, username } = user();
      const { token } = await a.open({ userId, username, roles: ['user'] }, new Date());
      expect(await a.find(token)).not.toBeNull();
      await reachedWithin(async () => (await a.find(token)) === null, 1_000 + 1_500);
    });

    it('ends a session at logout: at once in its process, within the bound in another', async () => {
      const a = process_();
      const b = process_();
      const { userId, username } = user();
      const { token } = await a.open({ userId, username, roles: ['user'] }, new Date());
      expect(await b.find(token)).not.toBeNull(); // b has it cached now
      await a.close(token, userId);
      expect(await a.find(token)).toBeNull();
      const took = await reachedWithin(
        async () => (await b.find(token)) === null,
        BOUND_MS[kind] + SLACK_MS,
      );
      console.log(`${kind}: a logout reached another process after ${took} ms`);
    });

    it('carries a role grant into open sessions: at once in its process, within the bound in another', async () => {
      const a = process_();
      const b = process_();
      const { userId, username } = user();
      const first = await a.open({ userId, username, roles: ['user'] }, new Date());
      const second = await b.open({ userId, username, roles: ['user'] }, new Date());
      const other = user();
      const bystander = await a.open({ ...other, roles: ['user'] }, new Date());
      expect((await b.find(first.token))?.roles).toEqual(['user']);

      await a.updateRoles(userId, ['user', 'admin']);
      expect((await a.find(first.token))?.roles).toEqual(['user', 'admin']);
      expect((await a.find(second.token))?.roles).toEqual(['user', 'admin']);
      const took = await reachedWithin(
        async () => (await b.find(first.token))?.roles.includes('admin') === true,
        BOUND_MS[kind] + SLACK_MS,
      );
      console.log(`${kind}: a role grant reached another process after ${took} ms`);
      expect((await b.find(bystander.token))?.roles).toEqual(['user']);
    });

    it('a closed session gets no roles back from a later grant', async () => {
      const a = process_();
      const { userId, username } = user();
      const { token } = await a.open({ userId, username, roles: ['user'] }, new Date());
      await a.close(token, userId);
      await a.updateRoles(userId, ['user', 'admin']);
      expect(await a.find(token)).toBeNull();
    });

    it('answers SESSION_STORE_UNAVAILABLE when its backend cannot be reached, never a guess', async () => {
      const unreachable = new SessionStore(
        edge(kind === 'postgres' ? 'postgres://postgres@127.0.0.1:1/none' : 'redis://127.0.0.1:1'),
        config(),
      );
      await sleep(100);
      const started = Date.now();
      for (const call of [
        () => unreachable.find('A'.repeat(43)),
        () => unreachable.open({ ...user(), roles: ['user'] }, new Date()),
      ]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ServiceUnavailable);
        expect((error as ServiceUnavailable).code).toBe('SESSION_STORE_UNAVAILABLE');
      }
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    if (kind === 'postgres') {
      it('sweeps expired and long-revoked sessions, keeps the others', async () => {
        const a = process_();
        const keep = await a.open({ ...user(), roles: ['user'] }, new Date());
        const { userId } = user();
        await db.dataSource.query(
          `INSERT INTO sessions (token_digest, user_id, username, roles, opened_at, expires_at, revoked_at)
           VALUES (sha256('expired'), $1, 'x', '{user}', now() - interval '2 days', now() - interval '1 day', NULL),
                  (sha256('revoked'), $1, 'x', '{user}', now() - interval '2 hours', now() + interval '1 day', now() - interval '2 hours'),
                  (sha256('just-revoked'), $1, 'x', '{user}', now(), now() + interval '1 day', now())`,
          [userId],
        );
        const made = edge();
        if (made.kind !== 'postgres') throw new Error('a Postgres backend was expected');
        const store = new PostgresSessionStore(made.pool, config());
        expect(await store.sweep()).toBeGreaterThanOrEqual(2); // earlier tests' expired ones too
        const rows: { user_id: string }[] = await db.dataSource.query(
          `SELECT user_id FROM sessions WHERE user_id = $1`,
          [userId],
        );
        expect(rows).toHaveLength(1); // the one revoked a moment ago is kept a while
        expect(await a.find(keep.token)).not.toBeNull();
      });
    }
  });

  describe('rate limits', () => {
    const request = (actor: string | null, address = '10.0.0.1', method = 'POST') =>
      ({
        method,
        commandContext: {
          receivedAt: new Date(),
          clientAddress: address,
          actor: actor ? { userId: actor, username: 'x', roles: ['user'] } : null,
        },
      }) as unknown as FastifyRequest;
    const limiterOf = (edgeBackend: EdgeBackend, refusals: RefusalCounter) =>
      new CommandRateLimiter(edgeBackend, config(), refusals);

    /** Waits for the start of a minute with at least `seconds` left, so a test stays in one window. */
    const awaitRoomInMinute = async (seconds: number) => {
      const left = 60 - ((Date.now() / 1000) % 60);
      if (left < seconds) await sleep(left * 1000 + 50);
    };

    it('holds the limit per minute across processes, per actor and per address, with Retry-After, counting refusals', async () => {
      await awaitRoomInMinute(10);
      const refusals = new RefusalCounter(db.dataSource);
      const one = limiterOf(await connected(edge()), refusals);
      const two = limiterOf(await connected(edge()), refusals);
      const actor = randomUUID();
      const outcomes: unknown[] = [];
      for (let i = 0; i < 8; i += 1) {
        const limiter = i % 2 === 0 ? one : two;
        outcomes.push(await limiter.admit(request(actor)).catch((e: unknown) => e));
      }
      expect(outcomes.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      for (const refused of outcomes.slice(5)) {
        expect(refused).toBeInstanceOf(RateLimited);
        expect((refused as RateLimited).getStatus()).toBe(429);
        expect((refused as RateLimited).message).toBe('RATE_LIMITED');
        const retryAfter = (refused as RateLimited).retryAfterSeconds;
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
      // Another actor, an address, and reads have windows of their own or none.
      await expect(one.admit(request(randomUUID()))).resolves.toBeUndefined();
      await expect(one.admit(request(actor, '10.0.0.1', 'GET'))).resolves.toBeUndefined();
      for (let i = 0; i < 5; i += 1)
        await expect(two.admit(request(null, '10.9.9.9'))).resolves.toBeUndefined();
      await expect(one.admit(request(null, '10.9.9.9'))).rejects.toBeInstanceOf(RateLimited);

      await refusals.flush();
      const [{ refused }] = await db.dataSource.query(
        `SELECT coalesce(sum(refused), 0)::int AS refused FROM rate_limit_refusals WHERE actor_key = $1`,
        [`user:${actor}`],
      );
      expect(refused).toBe(3);
    });

    it('lets commands through when its counter cannot be reached', async () => {
      const refusals = new RefusalCounter(db.dataSource);
      const limiter = limiterOf(
        edge(kind === 'postgres' ? 'postgres://postgres@127.0.0.1:1/none' : 'redis://127.0.0.1:1'),
        refusals,
      );
      const actor = randomUUID();
      for (let i = 0; i < 8; i += 1)
        await expect(limiter.admit(request(actor))).resolves.toBeUndefined();
    });
  });
});

describe.each(BACKENDS)('sessions and rate limits over HTTP on %s', (kind) => {
  const ADMIN_PASSWORD = 'admin-password-for-e2e';
  let t: TestApp;
  /** A second API process on the same database (and Redis prefix): its own cache. */
  let second: { app: NestFastifyApplication; baseUrl: string };

  beforeAll(async () => {
    t = await startTestApp({
      REDIS_URL: kind === 'redis' ? TEST_REDIS_URL : '',
      ADMIN_USERNAME: 'root_admin',
      ADMIN_PASSWORD,
      RATE_LIMIT_PER_MINUTE: '30',
    });
    const app = await createApp(
      { ...t.config, role: 'api' },
      { logDestination: new Writable({ write: (_c, _e, done) => done() }) },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    second = {
      app,
      baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`,
    };
  });
  afterAll(async () => {
    await second?.app.close();
    await t?.close();
  });

  it('reports what its session store needs in /health/ready, and no Redis when none is configured', async () => {
    const ready = await http(t.baseUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.postgres).toEqual({ status: 'up' });
    if (kind === 'redis') {
      expect(ready.body.details.redis).toEqual({ status: 'up' });
    } else {
      expect(ready.body.details.redis).toBeUndefined();
      expect(ready.body.details.sessions).toEqual({ status: 'up', backend: 'postgres' });
    }
  });

  it('logs in, grants a role and logs out; the second process sees each within the bound', async () => {
    const gina = await signUp(t.baseUrl, 'gina_http');
    const me = (base: string) => http(base, 'GET', '/me', { token: gina.token });
    expect((await me(t.baseUrl)).body.roles).toEqual(['user']);
    expect((await me(second.baseUrl)).body.roles).toEqual(['user']); // cached there now

    const admin = await http(t.baseUrl, 'POST', '/auth/login', {
      body: { username: 'root_admin', password: ADMIN_PASSWORD },
    });
    const granted = await http(t.baseUrl, 'POST', `/admin/users/${gina.userId}/roles`, {
      token: admin.body.token,
      body: { role: 'moderator' },
    });
    expect(granted.status).toBe(200);
    expect((await me(t.baseUrl)).body.roles).toEqual(['user', 'moderator']);
    let started = Date.now();
    for (;;) {
      const roles = (await me(second.baseUrl)).body.roles as string[];
      if (roles.includes('moderator')) break;
      expect(Date.now() - started).toBeLessThanOrEqual(BOUND_MS[kind] + SLACK_MS);
      await sleep(25);
    }

    const out = await http(t.baseUrl, 'POST', '/auth/logout', { token: gina.token });
    expect(out.status).toBe(204);
    expect((await me(t.baseUrl)).status).toBe(401);
    started = Date.now();
    for (;;) {
      const reply = await me(second.baseUrl);
      if (reply.status === 401) {
        expect(reply.body.code).toBe('UNAUTHENTICATED');
        break;
      }
      expect(reply.status).toBe(200);
      expect(Date.now() - started).toBeLessThanOrEqual(BOUND_MS[kind] + SLACK_MS);
      await sleep(25);
    }
  });

  it('refuses an actor over the limit with 429 RATE_LIMITED and Retry-After, across both processes', async () => {
    const left = 60 - ((Date.now() / 1000) % 60);
    if (left < 10) await sleep(left * 1000 + 50);
    const sam = await signUp(t.baseUrl, 'sam_http'); // 2 commands of the address, not of sam
    const statuses: number[] = [];
    let limited: HttpReply | undefined;
    for (let i = 0; i < 40; i += 1) {
      const reply = await http(i % 2 ? second.baseUrl : t.baseUrl, 'POST', '/contests', {
        token: sam.token,
        body: {},
      });
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(statuses.filter((s) => s !== 429)).toHaveLength(30);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect(limited!.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('content-type')).toContain('application/problem+json');
    let refused = 0;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && refused < 10;) {
      [{ refused }] = await t.dataSource.query(
        `SELECT coalesce(sum(refused), 0)::int AS refused FROM rate_limit_refusals WHERE actor_key = $1`,
        [`user:${sam.userId}`],
      );
      await sleep(200);
    }
    expect(refused).toBe(10);
  });
});
