import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { RebuildProcessor } from '../src/operations/rebuilds/rebuild.processor';
import { REBUILD_QUEUE } from '../src/platform/queues/queue-names';
import { ProjectionRunner } from '../src/projections/runtime/projection-runner';
import { Projector, PROJECTORS } from '../src/projections/runtime/projector';
import { http, drainThrough } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

const ADMIN_PASSWORD = 'rebuild-admin-password';

describe('rebuilding a projection beside the live one', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      SEED_DEMO: 'true',
      ADMIN_USERNAME: 'rebuild_admin',
      ADMIN_PASSWORD,
      PROJECTION_POLL_MS: '100',
    });
  });
  afterAll(() => t?.close());

  it('keeps answering from the old version under write load, then switches to a version equal to a from-scratch rebuild', async () => {
    const token = (
      await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'rebuild_admin', password: ADMIN_PASSWORD },
      })
    ).body.token;
    const [{ contest_id }] = await t.dataSource.query(
      `SELECT contest_id FROM contests WHERE closed_at IS NULL AND voting_closes_at > now() ORDER BY contest_id LIMIT 1`,
    );
    const [{ head }] = await t.dataSource.query(
      `SELECT max(position)::int AS head FROM command_log`,
    );
    const before = await http(
      t.baseUrl,
      'GET',
      `/contests/${contest_id}/standings?minPosition=${head}&waitMs=5000`,
    );
    expect(before.status).toBe(200);

    const indexes = () =>
      t.dataSource.query(
        `SELECT tablename, indexname FROM pg_indexes
         WHERE schemaname = 'public' AND tablename LIKE 'view_standings%' ORDER BY 1, 2`,
      );
    const migrated = await indexes();

    // While the job waits for a worker, the view is recorded as rebuilding: a second request
    // is refused, from any API process.
    const rebuilds = t.app.get<Queue>(getQueueToken(REBUILD_QUEUE));
    await rebuilds.pause();
    const started = await http(t.baseUrl, 'POST', '/admin/projections/standings/rebuild', {
      token,
    });
    expect(started.status).toBe(202);
    const twice = await http(t.baseUrl, 'POST', '/admin/projections/standings/rebuild', { token });
    expect(twice.body.code).toBe('REBUILD_RUNNING');
    const listed = await http(t.baseUrl, 'GET', '/admin/projections', { token });
    expect(listed.body.find((p: { name: string }) => p.name === 'standings').status).toBe(
      'rebuilding',
    );
    expect(await rebuilds.getJob('standings')).toBeDefined();
    await rebuilds.resume();
    // Writes and reads go on while the new version is built.
    let writes = 0;
    let last = 0;
    const reads: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const view = await http(t.baseUrl, 'POST', `/entries/${before.body.items[0].entryId}/views`, {
        body: { viewerId: `rb-${i}`, watchedSeconds: 30 },
      });
      writes += view.status === 202 ? 1 : 0;
      last = Math.max(last, view.body.position);
      const read = await http(t.baseUrl, 'GET', `/contests/${contest_id}/standings`);
      reads.push(read.status);
      expect(read.body.items.length).toBe(before.body.items.length); // never a half-built view
    }
    expect(writes).toBe(40);
    expect(new Set(reads)).toEqual(new Set([200]));

    const deadline = Date.now() + 30_000;
    let version = 1;
    while (version < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const list = await http(t.baseUrl, 'GET', '/admin/projections', { token });
      version = list.body.find((p: { name: string }) => p.name === 'standings').version;
    }
    expect(version).toBe(2);
    // The switched-in tables carry the index names the migrations gave.
    expect(await indexes()).toEqual(migrated);
    const after = await http(
      t.baseUrl,
      'GET',
      `/contests/${contest_id}/standings?minPosition=${last}&waitMs=5000`,
    );
    expect(after.status).toBe(200);

    // The switched-in version equals a rebuild from scratch of the same log.
    const ds = t.app.get(DataSource);
    const projector = t.app.get<Projector[]>(PROJECTORS).find((p) => p.name === 'standings')!;
    const runner = t.app.get(ProjectionRunner);
    await drainThrough(ds, runner, projector, last);
    const snapshot = async () =>
      ds.query(`SELECT to_jsonb(s) AS row FROM view_standings s ORDER BY contest_id, rank`);
    const switched = await snapshot();
    await ds.transaction(async (tx) => {
      await tx.query(`TRUNCATE view_standings, view_standings_contests`);
      await tx.query(
        `UPDATE projection_checkpoints SET last_tx_id = '0', last_position = 0 WHERE projection = 'standings'`,
      );
    });
    await drainThrough(ds, runner, projector, last);
    expect(await snapshot()).toEqual(switched);
    const again = await http(t.baseUrl, 'POST', '/admin/projections/nope/rebuild', { token });
    expect(again.body.code).toBe('PROJECTION_NOT_FOUND');
  });

  it('a rebuild whose job was lost is queued again when a worker starts', async () => {
    // Given contest-list is recorded as rebuilding, and Redis has no job for it
    await t.dataSource.query(
      `UPDATE projection_checkpoints SET status = 'rebuilding' WHERE projection = 'contest-list'`,
    );
    const [{ version: before }] = await t.dataSource.query(
      `SELECT version FROM projection_checkpoints WHERE projection = 'contest-list'`,
    );
    // When a worker starts
    await t.app.get(RebuildProcessor).onApplicationBootstrap();
    // Then the rebuild runs to its end
    const deadline = Date.now() + 30_000;
    let row: { version: number; status: string } = { version: before, status: 'rebuilding' };
    while (row.status !== 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [row] = await t.dataSource.query(
        `SELECT version, status FROM projection_checkpoints WHERE projection = 'contest-list'`,
      );
    }
    expect(row).toEqual({ version: before + 1, status: 'running' });
  });
});
