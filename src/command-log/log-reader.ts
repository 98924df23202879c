import { decodeEvent, DomainEvent, StoredCommand } from '@contest/domain';
import { EntityManager } from 'typeorm';

/** A place in reading order: (tx_id, position). */
export interface LogCursor {
  readonly txId: string;
  readonly position: number;
}

/** One command log row as its readers see it, its events decoded into the domain's union. */
export interface LogRow {
  readonly position: number;
  readonly txId: string;
  readonly commandId: string;
  readonly type: string;
  readonly actorId: string | null;
  readonly streamKey: string;
  readonly status: 'accepted' | 'rejected';
  readonly rejectionCode: string | null;
  readonly receivedAt: Date;
  readonly events: readonly DomainEvent[];
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
  events: unknown[];
}

const ROW_COLUMNS = `position, tx_id::text AS tx_id, command_id, type, actor_id, stream_key, status,
  rejection_code, received_at, events`;

/**
 * Only rows of transactions older than every transaction still running (docs/DESIGN.md invariant
 * 6): those rows can no longer change, so a row that commits late is read later, never
 * skipped. Positions are not commit order; within a stream they are, because writers lock
 * the stream before writing.
 */
export const SETTLED = `tx_id < pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * Reads the log after a cursor in (tx_id, position) order, settled rows only. The ORDER BY
 * names the table's column: the output column `tx_id` is text, and text order
 * ('1000' < '999') would both defeat the index and skip rows.
 */
export async function readLogAfter(
  tx: EntityManager,
  cursor: LogCursor,
  limit: number,
): Promise<LogRow[]> {
  const rows: RawRow[] = await tx.query(
    `SELECT ${ROW_COLUMNS}
     FROM command_log
     WHERE (tx_id, position) > ($1::xid8, $2::bigint) AND ${SETTLED}
     ORDER BY command_log.tx_id, command_log.position
     LIMIT $3`,
    [cursor.txId, cursor.position, limit],
  );
  return rows.map(toLogRow);
}

export async function readLogRow(tx: EntityManager, position: number): Promise<LogRow | null> {
  const rows: RawRow[] = await tx.query(
    `SELECT ${ROW_COLUMNS} FROM command_log WHERE position = $1`,
    [position],
  );
  return rows.length ? toLogRow(rows[0]) : null;
}

/** An accepted command of a stream's history: its time and its decoded events. */
export interface StreamHistoryRow {
  readonly receivedAt: Date;
  readonly events: readonly DomainEvent[];
}

/**
 * The accepted rows of one stream up to a row (inclusive or not), in stream order: what a
 * projector rebuilds one contest's cached score from. Only the two columns scoring reads: a
 * hot contest's history runs to hundreds of thousands of rows.
 */
export async function readStreamUpTo(
  tx: EntityManager,
  streamKey: string,
  upTo: LogCursor,
  inclusive: boolean,
): Promise<StreamHistoryRow[]> {
  const rows: { received_at: Date; events: unknown[] }[] = await tx.query(
    `SELECT received_at, events FROM command_log
     WHERE stream_key = $1 AND status = 'accepted'
       AND (tx_id, position) ${inclusive ? '<=' : '<'} ($2::xid8, $3::bigint)
     ORDER BY position`,
    [streamKey, upTo.txId, upTo.position],
  );
  return rows.map((row) => ({ receivedAt: row.received_at, events: row.events.map(decodeEvent) }));
}

/** Settled or not, how many rows match `filter` (SQL over command_log with `params`). */
export async function countCommands(
  tx: EntityManager,
  filter: string,
  params: readonly unknown[],
): Promise<number> {
  const [{ total }]: { total: number }[] = await tx.query(
    `SELECT count(*)::int AS total FROM command_log WHERE ${filter}`,
    [...params],
  );
  return total;
}

/** Whether a stream holds an accepted command of `type`. */
export async function streamHasAccepted(
  tx: EntityManager,
  streamKey: string,
  type: string,
): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `SELECT 1 FROM command_log WHERE stream_key = $1 AND type = $2 AND status = 'accepted' LIMIT 1`,
    [streamKey, type],
  );
  return rows.length > 0;
}

/** The newest position in the log, 0 for an empty log. */
export async function logHead(tx: EntityManager): Promise<number> {
  const [{ head }]: { head: string | null }[] = await tx.query(
    `SELECT max(position) AS head FROM command_log`,
  );
  return Number(head ?? 0);
}

/** Each stored event is decoded once, here, for every reader. */
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
    events: row.events.map(decodeEvent),
  };
}

/** Whether `row` comes at or before `cursor` in reading order. */
export function isAtOrBefore(row: LogCursor, cursor: LogCursor): boolean {
  const a = BigInt(row.txId);
  const b = BigInt(cursor.txId);
  return a < b || (a === b && row.position <= cursor.position);
}

/** A log row as a replay reads it: the command as stored, to be decided again. */
export interface CommandRow {
  readonly position: number;
  readonly txId: string;
  readonly command: StoredCommand;
  /** `edge` for a command refused before any decider saw it. */
  readonly stage: string | null;
  readonly status: 'accepted' | 'rejected';
  readonly rejectionCode: string | null;
  readonly events: readonly DomainEvent[];
}

interface RawCommandRow {
  position: string;
  tx_id: string;
  type: string;
  actor_id: string | null;
  received_ms: number;
  stage: string | null;
  actor_roles: string[] | null;
  payload: Record<string, unknown>;
  status: 'accepted' | 'rejected';
  rejection_code: string | null;
  events: unknown[];
}

/**
 * Settled rows matching `filter` (SQL over command_log; its parameters follow the cursor's),
 * after a cursor, in reading order. Only what re-deciding needs, in the shapes cheapest to
 * read: the time as epoch milliseconds (parsing a million timestamps as text costs more than
 * deciding them), the two metadata fields apart from the rest. `events` is an SQL expression:
 * a replay re-derives the events of the rows it decides and need not read them.
 */
export async function readCommandsAfter(
  tx: EntityManager,
  query: { filter: string; params: readonly unknown[]; events: string },
  cursor: LogCursor,
  limit: number,
): Promise<CommandRow[]> {
  const first = query.params.length + 1;
  const rows: RawCommandRow[] = await tx.query(
    `SELECT position, tx_id::text AS tx_id, type, actor_id,
            (extract(epoch FROM received_at) * 1000)::float8 AS received_ms,
            metadata->>'stage' AS stage, metadata->'actorRoles' AS actor_roles, payload, status,
            rejection_code, ${query.events} AS events
     FROM command_log
     WHERE (${query.filter}) AND (tx_id, position) > ($${first}::xid8, $${first + 1}::bigint)
       AND ${SETTLED}
     ORDER BY command_log.tx_id, command_log.position LIMIT ${Number(limit)}`,
    [...query.params, cursor.txId, cursor.position],
  );
  return rows.map(toCommandRow);
}

function toCommandRow(raw: RawCommandRow): CommandRow {
  return {
    position: Number(raw.position),
    txId: raw.tx_id,
    command: {
      type: raw.type,
      actorId: raw.actor_id,
      // Rows from before roles were recorded were commands of plain users.
      actorRoles: raw.actor_roles ?? ['user'],
      receivedAt: new Date(Math.floor(raw.received_ms)),
      payload: raw.payload,
    },
    stage: raw.stage,
    status: raw.status,
    rejectionCode: raw.rejection_code,
    events: raw.events.map(decodeEvent),
  };
}
