import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { advanceCheckpoint, lockCheckpoint, setProjectionStatus } from './checkpoint.store';
import { isDatabaseUnavailable } from '../../platform/database/availability';
import { isParked, parkRow, resolveDeadLetter } from './dead-letters';
import { isAtOrBefore, LogCursor, readLogAfter, readLogRow } from '../../command-log/log-reader';
import { Projector } from './projector';
import { LogRow } from '../../command-log/log-reader';

export interface RunnerOptions {
  /** A schema of its own (a rebuild beside the live view); its tables shadow the live ones. */
  readonly schema?: string;
  readonly batchSize: number;
  /** Attempts at a failing row before it is parked. */
  readonly maxAttempts: number;
  /** First backoff between attempts; doubles each time. */
  readonly backoffMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  batchSize: 500,
  maxAttempts: 4,
  backoffMs: 50,
};

export interface CatchUpResult {
  readonly applied: number;
  readonly parked: number;
  readonly halted: boolean;
}

type BatchResult = { applied: number; more: boolean; halted: boolean };

/**
 * Moves a projector from its checkpoint to the head of the readable log, a batch per
 * transaction. A failing batch is retried row by row, so a poison row is found, retried with
 * backoff, then parked; the projector's policy decides whether the rows after it go on.
 */
@Injectable()
export class ProjectionRunner {
  private readonly logger = new Logger('projections');

  constructor(private readonly dataSource: DataSource) {}

  /**
   * `keepGoing` is asked before each batch: a worker that stops or loses the projection's
   * lease ends after the batch in hand, with its checkpoint kept.
   */
  async catchUp(
    projector: Projector,
    options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
    keepGoing: () => boolean = () => true,
  ): Promise<CatchUpResult> {
    let applied = 0;
    let parked = 0;
    while (keepGoing()) {
      let batch: BatchResult;
      try {
        batch = await this.runBatch(projector, options.batchSize, options.schema);
      } catch (error) {
        // A lost connection is nobody's row: the next poll or doorbell picks up from here.
        if (isDatabaseUnavailable(error)) throw error;
        this.logger.warn(`${projector.name}: batch failed (${describe(error)}); isolating the row`);
        const isolated = await this.isolateFailingRow(projector, options);
        applied += isolated.applied;
        parked += isolated.parked;
        if (isolated.halted) return { applied, parked, halted: true };
        continue;
      }
      applied += batch.applied;
      if (batch.halted) return { applied, parked, halted: true };
      if (!batch.more) return { applied, parked, halted: false };
    }
    return { applied, parked, halted: false };
  }

  /**
   * Applies rows handed in from outside (a redelivered job, say). Rows the checkpoint already
   * covers are dropped under the runner lock, so delivering a batch twice changes the view once;
   * a delivery that does not start right after the checkpoint is refused, as it would leave a gap.
   */
  async applyDelivered(projector: Projector, rows: readonly LogRow[]): Promise<number> {
    return this.dataSource.transaction('READ COMMITTED', async (tx) => {
      const checkpoint = await lockCheckpoint(tx, projector);
      const fresh = rows.filter((row) => !isAtOrBefore(row, checkpoint));
      if (fresh.length === 0) return 0;
      const [next] = await readLogAfter(tx, checkpoint, 1);
      if (next?.position !== fresh[0].position) return 0;
      await this.applyAndAdvance(tx, projector, fresh, checkpoint);
      return fresh.length;
    });
  }

  /**
   * An admin's retry of a parked row, inside the caller's transaction (which holds the
   * projection's lock): the row is applied once, and the dead letter marked retried so a second
   * retry finds nothing to do. A halted projection whose next row it was moves past it and runs.
   */
  async retryParked(tx: EntityManager, projector: Projector, position: number): Promise<void> {
    const checkpoint = await lockCheckpoint(tx, projector);
    if (!(await isParked(tx, projector.name, position))) return; // already retried or skipped
    const row = await readLogRow(tx, position);
    if (!row) throw new Error(`no log row at position ${position}`);
    const [next] = await readLogAfter(tx, checkpoint, 1);
    const isNext = next?.position === position;
    await projector.apply(tx, [row], isNext ? checkpoint : row);
    if (isNext) {
      await advanceCheckpoint(tx, projector.name, row, 1, row.position);
      await setProjectionStatus(tx, projector.name, 'running', null);
    }
    await resolveDeadLetter(tx, projector.name, position, 'retried');
  }

  /** An admin's skip: the row stays recorded as skipped; a halted projection moves past it. */
  async skipParked(tx: EntityManager, projector: Projector, position: number): Promise<void> {
    const checkpoint = await lockCheckpoint(tx, projector);
    if (!(await isParked(tx, projector.name, position))) return;
    const [next] = await readLogAfter(tx, checkpoint, 1);
    if (next?.position === position) {
      await advanceCheckpoint(tx, projector.name, next, 0);
      await setProjectionStatus(tx, projector.name, 'running', null);
    }
    await resolveDeadLetter(tx, projector.name, position, 'skipped');
  }

  private runBatch(projector: Projector, limit: number, schema?: string): Promise<BatchResult> {
    return this.dataSource.transaction('READ COMMITTED', async (tx) => {
      await useSchema(tx, schema);
      const checkpoint = await lockCheckpoint(tx, projector, schema);
      if (checkpoint.status === 'halted') return { applied: 0, more: false, halted: true };
      const rows = await readLogAfter(tx, checkpoint, limit);
      if (rows.length > 0) await this.applyAndAdvance(tx, projector, rows, checkpoint);
      return { applied: rows.length, more: rows.length === limit, halted: false };
    });
  }

  private async applyAndAdvance(
    tx: EntityManager,
    projector: Projector,
    rows: readonly LogRow[],
    after: LogCursor,
  ) {
    await projector.apply(tx, rows, after);
    const high = rows.reduce((max, row) => Math.max(max, row.position), 0);
    await advanceCheckpoint(tx, projector.name, rows[rows.length - 1], rows.length, high);
  }

  /** Single-row batches until the failing row is applied or parked. */
  private async isolateFailingRow(projector: Projector, options: RunnerOptions) {
    let applied = 0;
    for (let scanned = 0; scanned < options.batchSize; scanned += 1) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= options.maxAttempts; attempt += 1) {
        try {
          const batch = await this.runBatch(projector, 1, options.schema);
          if (batch.halted) return { applied, parked: 0, halted: true };
          if (batch.applied === 0) return { applied, parked: 0, halted: false };
          applied += 1;
          lastError = undefined;
          break;
        } catch (error) {
          if (isDatabaseUnavailable(error)) throw error;
          lastError = error;
          if (attempt < options.maxAttempts) await sleep(options.backoffMs * 2 ** (attempt - 1));
        }
      }
      if (lastError !== undefined) {
        const halted = await this.park(projector, lastError, options.maxAttempts, options.schema);
        return { applied, parked: 1, halted };
      }
    }
    return { applied, parked: 0, halted: false };
  }

  /** Parks the next row; under `skip` the checkpoint moves past it, under `halt` it stays. */
  private park(
    projector: Projector,
    error: unknown,
    attempts: number,
    schema?: string,
  ): Promise<boolean> {
    return this.dataSource.transaction('READ COMMITTED', async (tx) => {
      await useSchema(tx, schema);
      const checkpoint = await lockCheckpoint(tx, projector, schema);
      const [row] = await readLogAfter(tx, checkpoint, 1);
      if (!row) return false;
      const skip = projector.onPoisonRow === 'skip';
      await parkRow(tx, projector.name, row, error, attempts, 'parked');
      if (skip) {
        await advanceCheckpoint(tx, projector.name, row, 0);
      } else {
        await setProjectionStatus(
          tx,
          projector.name,
          'halted',
          `position ${row.position}: ${describe(error)}`,
        );
      }
      this.logger.error(
        `${projector.name}: parked position ${row.position} after ${attempts} attempts (${describe(error)}); ${skip ? 'skipping it' : 'halted'}`,
      );
      return !skip;
    });
  }
}

/** Points unqualified table names at a rebuild's schema first, for this transaction only. */
async function useSchema(tx: EntityManager, schema: string | undefined): Promise<void> {
  if (schema === undefined) return;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  await tx.query(`SET LOCAL search_path TO ${schema}, public`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
