import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import {
  appendRow,
  awaitSettledLog,
  ignoringEveryEvent,
  openTestDataSource,
  TestDataSource,
} from '@contest/testing';
import { AppConfig } from '../../platform/config/app-config';
import { LogRow } from '../../command-log/log-reader';
import { ProjectionLeases } from './projection-leases';
import { ProjectionRunner } from './projection-runner';
import { Projector } from './projector';

jest.setTimeout(60_000);

/** Counts the rows it applied in a table of its own; `batchMs` makes each batch take a while. */
class CountingProjector implements Projector {
  readonly version = 1;
  readonly onPoisonRow = 'skip' as const;
  readonly events = ignoringEveryEvent();
  batchMs = 0;
  batchesStarted = 0;

  constructor(readonly name: string) {}

  get tables(): string[] {
    return [this.table];
  }

  get table(): string {
    return `lease_view_${this.name.replace(/-/g, '_')}`;
  }

  async apply(tx: EntityManager, rows: readonly LogRow[]): Promise<void> {
    this.batchesStarted += 1;
    if (this.batchMs > 0) await new Promise((resolve) => setTimeout(resolve, this.batchMs));
    for (const row of rows) {
      await tx.query(`INSERT INTO ${this.table} (position) VALUES ($1)`, [row.position]);
    }
  }
}

const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('projection leases: one owner per projection, spread over the workers', () => {
  let t: TestDataSource;
  let projectors: CountingProjector[];
  let workers: ProjectionLeases[];

  beforeEach(async () => {
    t = await openTestDataSource();
    projectors = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map(
      (name) => new CountingProjector(name),
    );
    for (const projector of projectors) {
      await t.dataSource.query(`CREATE TABLE ${projector.table} (position bigint PRIMARY KEY)`);
    }
    workers = [];
  });
  afterEach(async () => {
    for (const worker of workers) await worker.beforeApplicationShutdown();
    await t.close();
  });

  /** A worker process's lease keeper, ticked by hand (no timer) for a deterministic test. */
  const startWorker = () => {
    const config = { databaseUrl: t.db.url, projectionLeaseTickMs: 60_000 } as AppConfig;
    const worker = new ProjectionLeases(new ProjectionRunner(t.dataSource), projectors, config);
    workers.push(worker);
    return worker;
  };
  const viewCount = async (projector: CountingProjector) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${projector.table}`))[0].n);
  const appendRows = async (n: number) => {
    for (let i = 0; i < n; i += 1) await appendRow(t.dataSource, `stream:${i % 7}`);
    await awaitSettledLog(t.dataSource);
  };
  const all = () => projectors.map((p) => p.name).sort();

  it('given one worker, when it ticks, then it owns every projection', async () => {
    const a = startWorker();
    await a.tick();
    expect([...a.owned()].sort()).toEqual(all());
  });

  it('given a second worker, when both tick, then the projections split 3 and 2, none twice', async () => {
    const a = startWorker();
    const b = startWorker();
    await a.tick();
    await b.tick(); // joins: share ceil(5 / 2) = 3, nothing free yet
    // Lets its surplus go, once the catch-ups its new leases started are done.
    await until('a kept its share', async () => (await a.tick(), a.owned().length <= 3));
    await b.tick(); // takes it
    expect([a.owned().length, b.owned().length].sort()).toEqual([2, 3]);
    expect([...a.owned(), ...b.owned()].sort()).toEqual(all());
  });

  it('given a ring on a worker that does not own the projection, then it hands it to the owner at once, and the owner catches up', async () => {
    const a = startWorker();
    await a.tick();
    const b = startWorker();
    await b.tick();
    await appendRows(40);
    const [projector] = projectors;

    const started = Date.now();
    expect(await b.ring(projector.name)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000); // no waiting on a lock
    await until('the owner applied every row', async () => (await viewCount(projector)) === 40);
    expect(a.owned()).toContain(projector.name);
  });

  it('given the owner dies (its connection cut), when the other ticks, then it takes every projection over and catches up', async () => {
    const a = startWorker();
    await a.tick();
    const admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    const [{ pid }] = (
      await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'projection-leases'`,
        [t.db.name],
      )
    ).rows;
    const b = startWorker();
    await b.tick();
    expect(b.owned()).toEqual([]);
    await appendRows(10);

    await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await admin.end();
    await until('the dead owner is gone', () => a.owned().length === 0);
    await b.tick();
    expect([...b.owned()].sort()).toEqual(all());
    for (const projector of projectors) {
      await until(`${projector.name} caught up`, async () => (await viewCount(projector)) === 10);
    }
  });

  it('given a worker behind by several batches, when it is asked to stop, then it ends after the batch in hand and keeps its checkpoint', async () => {
    const [projector] = projectors;
    projector.batchMs = 500;
    await appendRows(1_200); // three batches of 500
    const a = startWorker();
    const run = a.tick(); // takes every lease and starts catching up, a batch per 500 ms
    await until('the first batch started', () => projector.batchesStarted > 0);

    const stopping = Date.now();
    await a.beforeApplicationShutdown();
    await run;
    // The 500 rows prove it stopped after the batch in hand (the backlog holds 1,200); the time
    // is the batch's 500 ms plus the stop, with room for a machine busy with other test files.
    expect(Date.now() - stopping).toBeLessThan(3_000);
    expect(await viewCount(projector)).toBe(500);
    const [checkpoint] = await t.dataSource.query(
      `SELECT last_position FROM projection_checkpoints WHERE projection = $1`,
      [projector.name],
    );
    expect(Number(checkpoint.last_position)).toBeGreaterThan(0);

    // The backlog is left to the next owner.
    projector.batchMs = 0;
    const b = startWorker();
    await b.tick();
    await until('the next owner caught up', async () => (await viewCount(projector)) === 1_200);
  });
});
