import { UserLoggedOut } from '@contest/domain';
import { DataSource } from 'typeorm';
import { CommandEnvelope } from '../../../src/command-log/command-envelope';
import { CommandLogRepository } from '../../../src/command-log/command-log.repository';
import { createDataSource } from '../../../src/platform/database/run-migrations';
import { uuidv7 } from '../../../src/platform/ids/uuid-v7';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestDataSource {
  readonly dataSource: DataSource;
  readonly db: TestDatabase;
  close(): Promise<void>;
}

/** A migrated database of this test file's own, with a TypeORM data source on it. */
export async function openTestDataSource(poolSize = 20): Promise<TestDataSource> {
  const db = await createTestDatabase();
  const dataSource = await createDataSource(db.url, poolSize).initialize();
  return {
    dataSource,
    db,
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

export function testEnvelope(overrides: Partial<CommandEnvelope> = {}): CommandEnvelope {
  const commandId = uuidv7();
  return {
    commandId,
    type: 'TestCommand',
    actorId: null,
    streamKey: 'test:1',
    receivedAt: new Date(),
    payload: {},
    metadata: {
      correlationId: commandId,
      causationId: null,
      idempotencyKey: null,
      clientAddress: '127.0.0.1',
      userAgent: 'jest',
    },
    ...overrides,
  };
}

/**
 * A row's event when the test names none: a real domain event (the log reader refuses types
 * the domain does not know), one that no view acts on.
 */
const defaultEvent = (envelope: CommandEnvelope): UserLoggedOut => ({
  type: 'UserLoggedOut',
  userId: uuidv7(),
  at: envelope.receivedAt.toISOString(),
});

/** Fields of a row's envelope a test sets (the stream is appendRow's own argument). */
export type EnvelopeFields = Partial<Omit<CommandEnvelope, 'streamKey'>>;

/**
 * Appends one accepted row the way the pipeline does (stream lock first, then the insert),
 * optionally keeping its transaction open for a while before committing. `envelope` replaces
 * fields of the test envelope (type, actor, receivedAt, payload) for a row that looks like a
 * real command's.
 */
export async function appendRow(
  dataSource: DataSource,
  streamKey: string,
  options: {
    holdOpenMs?: number;
    events?: unknown[];
    envelope?: EnvelopeFields;
    onInserted?: (position: number) => void;
  } = {},
): Promise<number> {
  const log = new CommandLogRepository();
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [streamKey]);
    const envelope = testEnvelope({ ...options.envelope, streamKey });
    const position = await log.append(tx, {
      envelope,
      stage: 'decider',
      rejection: null,
      httpStatus: 200,
      events: options.events ?? [defaultEvent(envelope)],
    });
    options.onInserted?.(position);
    if (options.holdOpenMs) await new Promise((resolve) => setTimeout(resolve, options.holdOpenMs));
    return position;
  });
}

export interface Drainable {
  catchUp(
    projector: { name: string; version: number },
    options?: unknown,
  ): Promise<{ applied: number; parked: number; halted: boolean }>;
}

/**
 * Runs a projector until it has passed `position`. Snapshot xmin is cluster-wide, so a test
 * file running beside this one can hold its rows back for a moment; that is a delay, not a
 * failure, and one catch-up call is not enough to wait it out.
 */
export async function drainThrough(
  dataSource: DataSource,
  runner: Drainable,
  projector: { name: string; version: number },
  position: number,
  options?: unknown,
): Promise<{ applied: number; parked: number; halted: boolean }> {
  const total = { applied: 0, parked: 0, halted: false };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const result = await runner.catchUp(projector as never, options);
    total.applied += result.applied;
    total.parked += result.parked;
    total.halted = result.halted;
    if (result.halted) return total;
    const [reached] = await dataSource.query(
      `SELECT (c.tx_id, c.position) <= (p.last_tx_id, p.last_position) AS done
       FROM command_log c, projection_checkpoints p WHERE c.position = $1 AND p.projection = $2`,
      [position, projector.name],
    );
    if (reached?.done) return total;
    if (Date.now() > deadline)
      throw new Error(`${projector.name} did not reach position ${position}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits until no committed row of the log is held back from gap-safe readers: every row is
 * below the cluster's snapshot xmin. Audit pages and exports read gap-safe, so a comparison
 * with a direct count starts from here; xmin is cluster-wide, so a test file running beside
 * this one can hold rows back for a moment.
 */
export async function awaitSettledLog(dataSource: DataSource): Promise<void> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const [{ held }] = await dataSource.query(
      `SELECT count(*)::int AS held FROM command_log
        WHERE tx_id >= pg_snapshot_xmin(pg_current_snapshot())`,
    );
    if (held === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the command log never settled');
}
