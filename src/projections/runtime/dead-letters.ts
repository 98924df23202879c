import { EntityManager } from 'typeorm';
import { LogRow } from './projector';

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
