import { createTestDatabase, TestDatabase } from '@contest/testing';
import { DataSource } from 'typeorm';
import { CommandEnvelope } from '../../src/command-log/command-envelope';
import { CommandLogRepository } from '../../src/command-log/command-log.repository';
import { uuidv7 } from '../../src/command-log/uuid-v7';
import { createDataSource } from '../../src/platform/database/run-migrations';

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
 * Appends one accepted row the way the pipeline does (stream lock first, then the insert),
 * optionally keeping its transaction open for a while before committing.
 */
export async function appendRow(
  dataSource: DataSource,
  streamKey: string,
  options: {
    holdOpenMs?: number;
    events?: unknown[];
    onInserted?: (position: number) => void;
  } = {},
): Promise<number> {
  const log = new CommandLogRepository();
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [streamKey]);
    const position = await log.append(tx, {
      envelope: testEnvelope({ streamKey }),
      rejection: null,
      httpStatus: 200,
      events: options.events ?? [{ type: 'TestHappened', streamKey }],
    });
    options.onInserted?.(position);
    if (options.holdOpenMs) await new Promise((resolve) => setTimeout(resolve, options.holdOpenMs));
    return position;
  });
}
