import fc from 'fast-check';
import { EntityManager } from 'typeorm';
import { RejectionCode } from '@contest/domain';
import {
  awaitSettledLog,
  drainThrough,
  openTestDataSource,
  TestDataSource,
  testEnvelope,
} from '@contest/testing';
import { CommandLogEntry, CommandLogRepository } from '../../command-log/command-log.repository';
import { AuditHoursProjector } from './audit-hours.projector';
import { LogRow } from '../../command-log/log-reader';
import { DEFAULT_RUNNER_OPTIONS, ProjectionRunner } from '../runtime/projection-runner';
import { AuditLogReader } from '../../audit/audit-log.reader';
import { RejectionSummaryReader } from './audit-hours.reader';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T00:00:00.000Z');
const TYPES = ['CastVote', 'LogIn', 'AddComment'];
const CODES: RejectionCode[] = ['VOTING_CLOSED', 'INVALID_CREDENTIALS', 'VALIDATION_FAILED'];

/** A seeded generator: the log is the same on every run, the queries vary. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * Transactions of one to four commands, received over 30 hours. One transaction in six
 * writes commands received up to two hours earlier (a slow request): receivedAt order and
 * the log's reading order disagree, as they do in a live system.
 */
function logOf(seed: number, transactions: number, fromHour: number): CommandLogEntry[][] {
  const next = random(seed);
  let clock = START + fromHour * HOUR;
  return Array.from({ length: transactions }, () => {
    clock += next() * 0.4 * HOUR;
    const late = next() < 1 / 6 ? next() * 2 * HOUR : 0;
    return Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
      const rejected = next() < 0.35;
      return {
        envelope: testEnvelope({
          type: TYPES[Math.floor(next() * TYPES.length)],
          receivedAt: new Date(Math.floor(clock - late - next() * 60_000)),
        }),
        stage: 'decider' as const,
        rejection: rejected
          ? { code: CODES[Math.floor(next() * CODES.length)], detail: 'refused' }
          : null,
        httpStatus: rejected ? 422 : 200,
        events: [],
      };
    });
  });
}

describe('audit-hours: time filters and the rejection summary (Postgres)', () => {
  let t: TestDataSource;
  const projector = new AuditHoursProjector();
  let runner: ProjectionRunner;
  let pages: AuditLogReader;
  let summaries: RejectionSummaryReader;

  beforeAll(async () => {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
    pages = new AuditLogReader(t.dataSource);
    summaries = new RejectionSummaryReader(t.dataSource);
  });
  afterAll(() => t.close());

  const write = async (transactions: CommandLogEntry[][]): Promise<number> => {
    const log = new CommandLogRepository();
    let last = 0;
    for (const entries of transactions) {
      const positions = await t.dataSource.transaction((tx) => log.appendMany(tx, entries));
      last = positions[positions.length - 1];
    }
    return last;
  };

  /** Times to filter by: hour boundaries, times inside hours, and no bound at all. */
  const time = fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: -2, max: 34 }).map((h) => new Date(START + h * HOUR).toISOString()),
    fc
      .integer({ min: -2 * 60, max: 34 * 60 })
      .map((m) => new Date(START + m * 60_000 + 17_123).toISOString()),
  );

  const directSummary = async (
    from: string | undefined,
    to: string | undefined,
    bucket: 'hour' | 'day',
    byType: boolean,
    byCode: boolean,
  ) =>
    (
      await t.dataSource.query(
        `SELECT date_trunc('${bucket}', received_at, 'UTC') AS start,
                ${byType ? 'type' : 'NULL::text'} AS type, ${byCode ? 'rejection_code' : 'NULL::text'} AS code,
                count(*)::int AS count
         FROM command_log
         WHERE status = 'rejected' AND ($1::timestamptz IS NULL OR received_at >= $1)
           AND ($2::timestamptz IS NULL OR received_at < $2)
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [from ?? null, to ?? null],
      )
    ).map((r: { start: Date; type: string | null; code: string | null; count: number }) => ({
      ...r,
      start: r.start.toISOString(),
    }));

  const allPages = async (filters: { from?: string; to?: string; status?: 'rejected' }) => {
    const positions: number[] = [];
    let after = null;
    for (;;) {
      const { items, last } = await pages.page(filters, after, 7);
      positions.push(...items.map((i) => i.position));
      if (items.length < 7) return positions;
      after = last;
    }
  };

  const directPositions = async (from?: string, to?: string, status?: string) =>
    (
      await t.dataSource.query(
        `SELECT position FROM command_log
         WHERE ($1::timestamptz IS NULL OR received_at >= $1) AND ($2::timestamptz IS NULL OR received_at < $2)
           AND ($3::text IS NULL OR status = $3)
         ORDER BY tx_id, position`,
        [from ?? null, to ?? null, status ?? null],
      )
    ).map((r: { position: string }) => Number(r.position));

  // Pages are gap-safe and xmin is cluster-wide: start once no row of this log is held back.
  const agreesWithTheLog = async () => {
    await awaitSettledLog(t.dataSource);
    await fc.assert(
      fc.asyncProperty(
        time,
        time,
        fc.constantFrom('hour' as const, 'day' as const),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (from, to, bucket, byType, byCode, rejectedOnly) => {
          expect(await summaries.summarise({ from, to, bucket, byType, byCode })).toEqual(
            await directSummary(from, to, bucket, byType, byCode),
          );
          const status = rejectedOnly ? ('rejected' as const) : undefined;
          expect(await allPages({ from, to, status })).toEqual(
            await directPositions(from, to, status),
          );
        },
      ),
      { numRuns: 40 },
    );
  };

  it('summaries and time-filtered pages equal direct reads of the log, however far the view has read', async () => {
    // Given the view has read 20 hours of commands
    const read = await write(logOf(7, 60, 0));
    await drainThrough(t.dataSource, runner, projector, read, options(13));
    const [{ counted, logged }] = await t.dataSource.query(
      `SELECT (SELECT sum(commands)::int FROM view_audit_hours) AS counted,
              (SELECT count(*)::int FROM command_log) AS logged`,
    );
    expect(counted).toBe(logged);
    await agreesWithTheLog();

    // When 14 more hours come in that it has not read
    await write(logOf(11, 40, 20));
    await agreesWithTheLog();

    // When it halts in the middle of a transaction of those
    const [{ poison }] = await t.dataSource.query(
      `SELECT c.position::int AS poison FROM command_log c
       WHERE c.position > $1 AND c.status = 'rejected'
         AND EXISTS (SELECT 1 FROM command_log d WHERE d.tx_id = c.tx_id AND d.position < c.position)
       ORDER BY c.tx_id, c.position OFFSET 5 LIMIT 1`,
      [read],
    );
    const failing = {
      ...projector, // its name, version, policy and tables; the fields are its own
      apply: (tx: EntityManager, rows: readonly LogRow[]) => {
        if (rows.some((row) => row.position === poison)) throw new Error('a fault');
        return projector.apply(tx, rows);
      },
    };
    expect(
      await runner.catchUp(failing, { ...options(13), maxAttempts: 1, backoffMs: 1 }),
    ).toMatchObject({
      halted: true,
    });
    const [{ midTransaction }] = await t.dataSource.query(
      `SELECT c.tx_id = p.last_tx_id AS "midTransaction"
       FROM command_log c, projection_checkpoints p WHERE c.position = $1 AND p.projection = $2`,
      [poison, projector.name],
    );
    expect(midTransaction).toBe(true);
    // Then the answers still equal the log's
    await agreesWithTheLog();
  });
});

const options = (batchSize: number) => ({ ...DEFAULT_RUNNER_OPTIONS, batchSize });
