import { EntityManager } from 'typeorm';
import { LogRow } from '../../command-log/log-reader';

/** Parks a row a projector kept failing on, with the error, for an admin to retry or skip. */
export async function parkRow(
  tx: EntityManager,
  projection: string,
  row: LogRow,
  error: unknown,
  attempts: number,
  status: 'parked' | 'skipped',
): Promise<void> {
  const failure = error instanceof Error ? error : new Error(String(error));
  await tx.query(
    `INSERT INTO projection_dead_letters
       (projection, position, tx_id, command_id, error, stack, attempts, status)
     VALUES ($1, $2, $3::xid8, $4, $5, $6, $7, $8)
     ON CONFLICT (projection, position) DO UPDATE
       SET error = EXCLUDED.error, stack = EXCLUDED.stack, status = EXCLUDED.status,
           attempts = projection_dead_letters.attempts + EXCLUDED.attempts, parked_at = now()`,
    [
      projection,
      row.position,
      row.txId,
      row.commandId,
      failure.message.slice(0, 2000),
      failure.stack ?? null,
      attempts,
      status,
    ],
  );
}

export async function resolveDeadLetter(
  tx: EntityManager,
  projection: string,
  position: number,
  status: 'retried' | 'skipped',
): Promise<void> {
  await tx.query(
    `UPDATE projection_dead_letters SET status = $3, resolved_at = now()
     WHERE projection = $1 AND position = $2 AND status = 'parked'`,
    [projection, position, status],
  );
}

export async function isParked(
  tx: EntityManager,
  projection: string,
  position: number,
): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `SELECT 1 FROM projection_dead_letters WHERE projection = $1 AND position = $2 AND status = 'parked'`,
    [projection, position],
  );
  return rows.length > 0;
}
