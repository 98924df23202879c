import { EntityManager } from 'typeorm';
import { LogRow, StoredEvent } from './projector';

export interface LogCursor {
  readonly txId: string;
  readonly position: number;
}

interface RawRow {
  position: string;
  tx_id: string;
  command_id: string;
  type: string;
  actor_id: string | null;
  stream_key: string;
  status: 'accepted' | 'rejected';
  rejection_code: string | null;
  received_at: Date;
  events: StoredEvent[];
}

/**
 * Reads the log after a cursor in (tx_id, position) order, and only rows of transactions
 * older than every transaction still running (DESIGN.md invariant 6). Those rows can no
 * longer change, so a row that commits late is read later, never skipped. Positions are not
 * commit order; within a stream they are, because writers lock the stream before writing.
 * The ORDER BY names the table's column: the output column `tx_id` is text, and text order
 * ('1000' < '999') would both defeat the index and skip rows.
 */
export async function readLogAfter(
  tx: EntityManager,
  cursor: LogCursor,
  limit: number,
): Promise<LogRow[]> {
  const rows: RawRow[] = await tx.query(
    `SELECT position, tx_id::text AS tx_id, command_id, type, actor_id, stream_key, status,
            rejection_code, received_at, events
     FROM command_log
     WHERE (tx_id, position) > ($1::xid8, $2::bigint)
       AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY command_log.tx_id, command_log.position
     LIMIT $3`,
    [cursor.txId, cursor.position, limit],
  );
  return rows.map(toLogRow);
}

export async function readLogRow(tx: EntityManager, position: number): Promise<LogRow | null> {
  const rows: RawRow[] = await tx.query(
    `SELECT position, tx_id::text AS tx_id, command_id, type, actor_id, stream_key, status,
            rejection_code, received_at, events
     FROM command_log WHERE position = $1`,
    [position],
  );
  return rows.length ? toLogRow(rows[0]) : null;
}

function toLogRow(row: RawRow): LogRow {
  return {
    position: Number(row.position),
    txId: row.tx_id,
    commandId: row.command_id,
    type: row.type,
    actorId: row.actor_id,
    streamKey: row.stream_key,
    status: row.status,
    rejectionCode: row.rejection_code,
    receivedAt: row.received_at,
    events: row.events,
  };
}

/** Whether `row` comes at or before `cursor` in reading order. */
export function isAtOrBefore(row: LogCursor, cursor: LogCursor): boolean {
  const a = BigInt(row.txId);
  const b = BigInt(cursor.txId);
  return a < b || (a === b && row.position <= cursor.position);
}
