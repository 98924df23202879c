import { createTestDatabase, TestDatabase } from '@contest/testing';
import { LATEST_SCHEMA_VERSION, Queue } from 'bullmq';
import { Client } from 'pg';
import { applyQueueSchema, backendFactoryFor, postgresQueueConnection } from './queue-backend';

describe("BullMQ's Postgres schema in the app's database", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('is applied once when several processes start at once, and again is a no-op', async () => {
    const versions = await Promise.all([1, 2, 3, 4].map(() => applyQueueSchema(db.url)));
    expect(versions).toEqual([1, 2, 3, 4].map(() => LATEST_SCHEMA_VERSION));
    expect(await applyQueueSchema(db.url)).toBe(LATEST_SCHEMA_VERSION);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'bullmq'`,
      );
      expect(rows[0].tables).toBeGreaterThan(5);
      // The app's own tables stay where they were.
      const app = await client.query(`SELECT to_regclass('public.command_log') IS NOT NULL AS ok`);
      expect(app.rows[0].ok).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('serves a queue built with the Postgres connection options (deduplicated adds)', async () => {
    const connection = postgresQueueConnection(db.url);
    const queue = new Queue('probe', { connection }, backendFactoryFor(connection) as never);
    try {
      const first = await queue.add('ring', {}, { deduplication: { id: 'bell' } });
      const second = await queue.add('ring', {}, { deduplication: { id: 'bell' } });
      expect(second.id).toBe(first.id);
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    } finally {
      await queue.close();
    }
  });
});
