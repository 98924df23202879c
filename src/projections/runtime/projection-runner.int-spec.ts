import fc from 'fast-check';
import { EntityManager } from 'typeorm';
import {
  appendRow,
  awaitSettledLog,
  drainThrough,
  openTestDataSource,
  TestDataSource,
  ignoringEveryEvent,
} from '@contest/testing';
import { readCheckpoint } from './checkpoint.store';
import { readLogAfter } from '../../command-log/log-reader';
import { ProjectionRunner, RunnerOptions } from './projection-runner';
import { PoisonPolicy, Projector } from './projector';
import { LogRow } from '../../command-log/log-reader';

/**
 * A projector over a table of its own: one view row per log row it applied. The primary key
 * makes a second application of a row fail loudly; `order` keeps the application order.
 */
class RecordingProjector implements Projector {
  readonly version = 1;
  readonly events = ignoringEveryEvent();
  get tables(): string[] {
    return [this.table];
  }
  readonly order: number[] = [];

  constructor(
    readonly name: string,
    readonly onPoisonRow: PoisonPolicy = 'skip',
    private readonly poison: (row: LogRow) => boolean = () => false,
  ) {}

  async apply(tx: EntityManager, rows: readonly LogRow[]): Promise<void> {
    for (const row of rows) {
      if (this.poison(row)) throw new Error(`cannot project position ${row.position}`);
      await tx.query(`INSERT INTO ${this.table} (position, stream_key) VALUES ($1, $2)`, [
        row.position,
        row.streamKey,
      ]);
    }
    this.order.push(...rows.map((r) => r.position));
  }

  get table(): string {
    return `test_view_${this.name.replace(/-/g, '_')}`;
  }
}

const FAST: RunnerOptions = { batchSize: 50, maxAttempts: 3, backoffMs: 5 };

describe('projection runner (Postgres)', () => {
  let t: TestDataSource;
  let runner: ProjectionRunner;
  let views = 0;

  beforeAll(async () => {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
  });
  afterAll(() => t.close());

  async function newProjector(policy: PoisonPolicy = 'skip', poison?: (row: LogRow) => boolean) {
    views += 1;
    const projector = new RecordingProjector(`view-${views}`, policy, poison);
    await t.dataSource.query(
      `CREATE TABLE ${projector.table} (position bigint PRIMARY KEY, stream_key text NOT NULL)`,
    );
    return projector;
  }

  const viewPositions = async (projector: RecordingProjector): Promise<number[]> =>
    (await t.dataSource.query(`SELECT position FROM ${projector.table} ORDER BY position`)).map(
      (r: { position: string }) => Number(r.position),
    );

  const logPositions = async (): Promise<number[]> =>
    (await t.dataSource.query(`SELECT position FROM command_log ORDER BY position`)).map(
      (r: { position: string }) => Number(r.position),
    );

  it('applies every row exactly once, in order, while a slow transaction commits late', async () => {
    const projector = await newProjector();
    await runner.catchUp(projector, FAST);
    let slowPosition = 0;
    const slow = appendRow(t.dataSource, 'stream:slow', {
      holdOpenMs: 1000,
      onInserted: (position) => (slowPosition = position),
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the slow row has its position
    const fast = Array.from({ length: 60 }, (_, i) => appendRow(t.dataSource, `stream:${i % 4}`));
    const laterPositions = await Promise.all(fast);
    expect(Math.min(...laterPositions)).toBeGreaterThan(slowPosition);

    // While the slow transaction is open, later positions are committed but must wait.
    const during = await runner.catchUp(projector, FAST);
    expect(during.applied).toBe(0);
    expect(await viewPositions(projector)).not.toContain(slowPosition);

    await slow;
    const all = await logPositions();
    await drainThrough(t.dataSource, runner, projector, Math.max(...all), FAST);
    expect(await viewPositions(projector)).toEqual(all);
    expect(new Set(projector.order).size).toBe(projector.order.length);
    // Within a stream, application order is position order.
    const streamOf = new Map<number, string>(
      (await t.dataSource.query(`SELECT position, stream_key FROM command_log`)).map(
        (r: { position: string; stream_key: string }) => [Number(r.position), r.stream_key],
      ),
    );
    const byStream = new Map<string, number[]>();
    for (const position of projector.order) {
      const list = byStream.get(streamOf.get(position)!) ?? [];
      list.push(position);
      byStream.set(streamOf.get(position)!, list);
    }
    for (const positions of byStream.values())
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(projector.order.indexOf(slowPosition)).toBeLessThan(
      projector.order.indexOf(Math.min(...laterPositions)),
    );
  });

  it('changes the view once when the same batch is delivered twice', async () => {
    const projector = await newProjector();
    for (let i = 0; i < 10; i += 1) await appendRow(t.dataSource, `stream:dup:${i % 2}`);
    const batch = await t.dataSource.transaction((tx) =>
      readLogAfter(tx, { txId: '0', position: 0 }, 1000),
    );
    expect(await runner.applyDelivered(projector, batch)).toBe(batch.length);
    expect(await runner.applyDelivered(projector, batch)).toBe(0);
    expect(await viewPositions(projector)).toEqual(
      batch.map((r) => r.position).sort((a, b) => a - b),
    );
  });

  it('reaches the same view for any redelivery of overlapping batches (property)', async () => {
    const rows = await t.dataSource.transaction((tx) =>
      readLogAfter(tx, { txId: '0', position: 0 }, 10_000),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(rows.length), fc.nat(rows.length)), {
          minLength: 1,
          maxLength: 12,
        }),
        async (deliveries) => {
          const projector = await newProjector();
          // Each delivery is a contiguous slice from some start; earlier slices may be repeated.
          for (const [a, b] of deliveries) {
            await runner.applyDelivered(projector, rows.slice(Math.min(a, b), Math.max(a, b)));
          }
          await runner.applyDelivered(projector, rows);
          expect(await viewPositions(projector)).toEqual(
            rows.map((r) => r.position).sort((x, y) => x - y),
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it('retries a poison row, parks it with the error and, under skip, goes on after it', async () => {
    const firstPosition = await appendRow(t.dataSource, 'stream:poison');
    const poisonPosition = await appendRow(t.dataSource, 'stream:poison');
    const after = [
      await appendRow(t.dataSource, 'stream:poison'),
      await appendRow(t.dataSource, 'stream:poison'),
    ];
    let attempts = 0;
    const projector = await newProjector('skip', (row) => {
      if (row.position !== poisonPosition) return false;
      attempts += 1;
      return true;
    });
    const result = await drainThrough(t.dataSource, runner, projector, after[1], FAST);
    expect(result).toMatchObject({ parked: 1, halted: false });
    expect(attempts).toBeGreaterThanOrEqual(FAST.maxAttempts);
    const applied = await viewPositions(projector);
    expect(applied).toEqual(expect.arrayContaining([firstPosition, ...after]));
    expect(applied).not.toContain(poisonPosition);
    const letters = await t.dataSource.query(
      `SELECT position, error, attempts, status, stack FROM projection_dead_letters WHERE projection = $1`,
      [projector.name],
    );
    expect(letters).toEqual([
      expect.objectContaining({
        position: String(poisonPosition),
        error: `cannot project position ${poisonPosition}`,
        attempts: FAST.maxAttempts,
        status: 'parked',
      }),
    ]);
    expect(letters[0].stack).toContain('RecordingProjector');
  });

  it('parks nothing and halts nothing when the connection drops: the row is not at fault', async () => {
    const position = await appendRow(t.dataSource, 'stream:outage');
    let outage = true;
    const projector = await newProjector('halt', (row) => {
      if (row.position === position && outage) {
        throw Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        });
      }
      return false;
    });
    await awaitSettledLog(t.dataSource);
    await expect(runner.catchUp(projector, FAST)).rejects.toThrow(/administrator command/);
    const letters = await t.dataSource.query(
      `SELECT 1 FROM projection_dead_letters WHERE projection = $1`,
      [projector.name],
    );
    expect(letters).toHaveLength(0);
    expect((await readCheckpoint(t.dataSource.manager, projector.name)).status).toBe('running');
    outage = false;
    await drainThrough(t.dataSource, runner, projector, position, FAST);
    expect(await viewPositions(projector)).toContain(position);
  });

  it('halts at a poison row under the halt policy and applies nothing after it', async () => {
    const poisonPosition = await appendRow(t.dataSource, 'stream:halt');
    const afterPosition = await appendRow(t.dataSource, 'stream:halt');
    const projector = await newProjector('halt', (row) => row.position === poisonPosition);
    const result = await drainThrough(t.dataSource, runner, projector, afterPosition, FAST);
    expect(result.halted).toBe(true);
    const applied = await viewPositions(projector);
    expect(applied).not.toContain(poisonPosition);
    expect(applied).not.toContain(afterPosition);
    const checkpoint = await readCheckpoint(t.dataSource.manager, projector.name);
    expect(checkpoint.status).toBe('halted');
    expect(checkpoint.lastError).toContain(`position ${poisonPosition}`);
    expect((await runner.catchUp(projector, FAST)).applied).toBe(0);
  });

  it('serialises concurrent runners of one projection', async () => {
    const projector = await newProjector();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => appendRow(t.dataSource, `stream:conc:${i % 3}`)),
    );
    await Promise.all([
      runner.catchUp(projector, FAST),
      runner.catchUp(projector, FAST),
      runner.catchUp(projector, FAST),
    ]);
    await drainThrough(t.dataSource, runner, projector, Math.max(...(await logPositions())), FAST);
    expect(await viewPositions(projector)).toEqual(await logPositions());
  });
});

describe('log reading order (Postgres)', () => {
  let t: TestDataSource;

  beforeAll(async () => {
    t = await openTestDataSource();
  });
  afterAll(() => t.close());

  it('reads transaction ids in numeric order across a digit boundary, page by page, skipping nothing', async () => {
    // Rows as two old transactions would have left them across a digit boundary (999 before
    // 1000, numerically). Both must be older than every running transaction, so the boundary
    // is the largest power of ten below the current transaction id: a fresh embedded cluster
    // has not reached 1000 yet.
    const [{ xid }] = await t.dataSource.query(`SELECT pg_current_xact_id()::text AS xid`);
    const boundary = 10n ** BigInt(String(xid).length - 1);
    const [before, after] = [String(boundary - 1n), String(boundary)];
    for (const [txId, stream] of [
      [after, 'b'],
      [before, 'a'],
      [after, 'b'],
      [before, 'a'],
    ]) {
      await t.dataSource.query(
        `INSERT INTO command_log (command_id, type, stream_key, payload, metadata, received_at, status, http_status, tx_id)
         VALUES (gen_random_uuid(), 'T', $2, '{}', '{}', now(), 'accepted', 200, $1::xid8)`,
        [txId, stream],
      );
    }
    const seen: string[] = [];
    let cursor = { txId: '0', position: 0 };
    for (;;) {
      const [row] = await t.dataSource.transaction((tx) => readLogAfter(tx, cursor, 1));
      if (!row) break;
      seen.push(row.txId);
      cursor = row;
    }
    expect(boundary).toBeGreaterThanOrEqual(10n);
    expect(seen).toEqual([before, before, after, after]);
  });
});

describe('dead letters resolved by an admin (Postgres)', () => {
  let t: TestDataSource;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
  });
  afterAll(() => t.close());

  it('applies a parked row exactly once when retried after the fault is fixed; a skipped one stays skipped', async () => {
    const good = await appendRow(t.dataSource, 'stream:dl');
    const poison = await appendRow(t.dataSource, 'stream:dl');
    const other = await appendRow(t.dataSource, 'stream:dl');
    let faulty = true;
    const projector = new RecordingProjector(
      'dl-view',
      'halt',
      (row) => faulty && row.position !== good,
    );
    await t.dataSource.query(
      `CREATE TABLE ${projector.table} (position bigint PRIMARY KEY, stream_key text NOT NULL)`,
    );
    expect((await drainThrough(t.dataSource, runner, projector, other, FAST)).halted).toBe(true);

    faulty = false; // the fault is fixed
    await t.dataSource.transaction((tx) => runner.retryParked(tx, projector, poison));
    // A second retry (a double click) finds nothing parked and changes nothing.
    await t.dataSource.transaction((tx) => runner.retryParked(tx, projector, poison));
    await drainThrough(t.dataSource, runner, projector, other, FAST);
    const applied = (
      await t.dataSource.query(`SELECT position FROM ${projector.table} ORDER BY position`)
    ).map((r: { position: string }) => Number(r.position));
    expect(applied.filter((p: number) => p === poison)).toHaveLength(1);
    expect(applied).toEqual(expect.arrayContaining([good, poison, other]));
    const [letter] = await t.dataSource.query(
      `SELECT status FROM projection_dead_letters WHERE position = $1`,
      [poison],
    );
    expect(letter.status).toBe('retried');
    expect((await readCheckpoint(t.dataSource.manager, projector.name)).status).toBe('running');

    const next = await appendRow(t.dataSource, 'stream:dl');
    faulty = true;
    const skipper = new RecordingProjector(
      'dl-skip',
      'halt',
      (row) => faulty && row.position === next,
    );
    await t.dataSource.query(
      `CREATE TABLE ${skipper.table} (position bigint PRIMARY KEY, stream_key text NOT NULL)`,
    );
    await drainThrough(t.dataSource, runner, skipper, next, FAST);
    await t.dataSource.transaction((tx) => runner.skipParked(tx, skipper, next));
    const after = await appendRow(t.dataSource, 'stream:dl');
    faulty = false;
    await drainThrough(t.dataSource, runner, skipper, after, FAST);
    const skipped = (await t.dataSource.query(`SELECT position FROM ${skipper.table}`)).map(
      (r: { position: string }) => Number(r.position),
    );
    expect(skipped).not.toContain(next);
    expect(skipped).toContain(after);
    const [mark] = await t.dataSource.query(
      `SELECT status FROM projection_dead_letters WHERE projection = 'dl-skip'`,
    );
    expect(mark.status).toBe('skipped');
  });
});
