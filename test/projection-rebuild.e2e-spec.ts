import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../src/projections/runtime/projection-runner';
import { Projector, PROJECTORS } from '../src/projections/runtime/projector';
import { http } from './support/http';
import { startTestApp, TestApp } from './support/test-app';
import { drainThrough } from './support/test-data-source';

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

    const started = await http(t.baseUrl, 'POST', '/admin/projections/standings/rebuild', {
      token,
    });
    expect(started.status).toBe(202);
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
});
