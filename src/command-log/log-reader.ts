import { decodeEvent, DomainEvent, StoredCommand } from '@contest/domain';
import type { ClientBase } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

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

/** A row as readCommandsAfter selects it (rowMode 'array': no object per row to build). */
type RawCommandRow = [
  position: number,
  txId: string,
  type: string,
  actorId: string | null,
  receivedMs: number,
  stage: string | null,
  actorRoles: string | null,
  payload: Record<string, unknown>,
  status: 'accepted' | 'rejected',
  rejectionCode: string | null,
  events: unknown[] | null,
];

/** What readCommandsAfter reads through: a connection of the pg driver (rawConnection). */
export type LogConnection = Pick<ClientBase, 'query'>;

/**
 * Settled rows matching `filter` (SQL over command_log; its parameters follow the cursor's),
 * after a cursor, in reading order. Only what re-deciding needs, in the shapes cheapest to
 * read: rows as arrays, the time as epoch milliseconds (parsing a million timestamps as text
 * costs more than deciding them), the roles as text (a handful of distinct values, each parsed
 * once). `events` is an SQL expression: a replay re-derives the events of the rows it decides
 * and reads NULL for them rather than parse an empty list a million times.
 */
export async function readCommandsAfter(
  connection: LogConnection,
  query: { filter: string; params: readonly unknown[]; events: string },
  cursor: LogCursor,
  limit: number,
): Promise<CommandRow[]> {
  const first = query.params.length + 1;
  const result = await connection.query<RawCommandRow>({
    text: `SELECT position::float8, tx_id::text, type, actor_id,
            (extract(epoch FROM received_at) * 1000)::float8,
            metadata->>'stage', metadata->>'actorRoles', payload, status,
            rejection_code, ${query.events}
     FROM command_log
     WHERE (${query.filter}) AND (tx_id, position) > ($${first}::xid8, $${first + 1}::bigint)
       AND ${SETTLED}
     ORDER BY command_log.tx_id, command_log.position LIMIT ${Number(limit)}`,
    values: [...query.params, cursor.txId, cursor.position],
    rowMode: 'array',
  });
  return result.rows.map(toCommandRow);
}

/** Lends `work` one pg connection of the data source's pool for its whole run. */
export async function withLogConnection<T>(
  dataSource: DataSource,
  work: (connection: LogConnection) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    return await work(rawConnection(runner));
  } finally {
    await runner.release();
  }
}

function rawConnection(runner: QueryRunner): LogConnection {
  return (runner as unknown as { databaseConnection: LogConnection }).databaseConnection;
}

const NO_EVENTS: readonly DomainEvent[] = Object.freeze([]);
// Rows from before roles were recorded were commands of plain users.
const PLAIN_USER: readonly string[] = Object.freeze(['user']);
const rolesByText = new Map<string, readonly string[]>([['["user"]', PLAIN_USER]]);

function rolesOf(text: string | null): readonly string[] {
  if (text === null) return PLAIN_USER;
  let roles = rolesByText.get(text);
  if (!roles) {
    roles = Object.freeze(JSON.parse(text) as string[]);
    if (rolesByText.size < 1_000) rolesByText.set(text, roles);
  }
  return roles;
}

function toCommandRow(raw: RawCommandRow): CommandRow {
  const [position, txId, type, actorId, receivedMs, stage, roles, payload, status, code, events] =
    raw;
  return {
    position,
    txId,
    command: {
      type,
      actorId,
      actorRoles: rolesOf(roles),
      receivedAt: new Date(Math.floor(receivedMs)),
      payload,
    },
    stage,
    status,
    rejectionCode: code,
    events: events === null ? NO_EVENTS : events.map(decodeEvent),
  };
}
