import { readFileSync } from 'node:fs';
import { CONTRACT_PATH, http } from '@contest/testing';
import { startTestApp, startWorkerBeside, TestApp } from '@contest/testing/app';

describe('operations over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers liveness and readiness (Postgres, Redis, projector lag), terminus-style', async () => {
    const live = await http(t.baseUrl, 'GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await http(t.baseUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: {
        postgres: { status: 'up' },
        // What sessions and rate limits need: Redis when configured, else their Postgres pool.
        ...(t.config.redisUrl
          ? { redis: { status: 'up' } }
          : { sessions: { status: 'up', backend: 'postgres' } }),
        projections: {
          status: 'up',
          projections: { 'user-activity': { status: 'running', lag: expect.any(Number) } },
        },
      },
    });
  });

  it('reports not ready when a projection is halted', async () => {
    await t.dataSource.query(
      `UPDATE projection_checkpoints SET status = 'halted' WHERE projection = 'user-activity'`,
    );
    try {
      const ready = await http(t.baseUrl, 'GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('error');
      expect(ready.body.error.projections.status).toBe('down');
    } finally {
      await t.dataSource.query(
        `UPDATE projection_checkpoints SET status = 'running' WHERE projection = 'user-activity'`,
      );
    }
  });

  it('describes every route in OpenAPI at /docs-json and serves Swagger UI at /docs', async () => {
    const doc = await http(t.baseUrl, 'GET', '/docs-json');
    expect(doc.status).toBe(200);
    const documented = new Set(
      Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, ops]) =>
          Object.keys(ops).map(
            (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          ),
      ),
    );
    const fastify = t.app.getHttpAdapter().getInstance();
    const expected = [
      'POST /auth/register',
      'POST /auth/login',
      'POST /auth/logout',
      'GET /me',
      'POST /admin/users/:userId/roles',
      'GET /users/:userId',
      'POST /contests',
      'GET /contests',
      'GET /contests/:contestId',
      'POST /contests/:contestId/close',
      'POST /contests/:contestId/entries',
      'GET /contests/:contestId/standings',
      'GET /entries/:entryId',
      'DELETE /entries/:entryId',
      'POST /entries/:entryId/vote',
      'DELETE /entries/:entryId/vote',
      'POST /entries/:entryId/comments',
      'GET /entries/:entryId/comments',
      'DELETE /comments/:commentId',
      'POST /entries/:entryId/views',
      'GET /health/live',
      'GET /health/ready',
    ];
    for (const route of expected) {
      const [method, url] = route.split(' ');
      expect(fastify.hasRoute({ method: method as 'GET', url })).toBe(true);
      expect(documented).toContain(route);
    }
    // The served contract is the committed one (npm run build writes it): a change of the
    // contract shows in review, and clients generated from the file match the server.
    expect(doc.body).toEqual(JSON.parse(readFileSync(CONTRACT_PATH, 'utf8')));
    const ui = await fetch(`${t.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});

describe('one image, separate roles', () => {
  it('an api-only and a worker-only process share the work: the worker projects what the api logs', async () => {
    const api = await startTestApp({ APP_ROLE: 'api' });
    const worker = await startWorkerBeside(api);
    try {
      const registered = await http(api.baseUrl, 'POST', '/auth/register', {
        body: {
          username: 'split_roles',
          email: 'split@example.com',
          password: 'split-roles-password',
        },
      });
      expect(registered.status).toBe(201);
      const view = await http(
        api.baseUrl,
        'GET',
        `/users/${registered.body.userId}?minPosition=${registered.body.position}&waitMs=5000`,
      );
      expect(view.status).toBe(200);
      // The worker serves health but no product routes.
      expect((await http(worker.baseUrl, 'GET', '/health/live')).status).toBe(200);
      // A worker serves no product route; the contract describes the API role, so plain fetch.
      const register = await fetch(`${worker.baseUrl}/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(register.status).toBe(404);
    } finally {
      await worker.app.close();
      await api.close();
    }
  });
});
