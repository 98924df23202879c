import { EntityManager } from 'typeorm';
import { LogCursor } from '../../command-log/log-reader';

export type ProjectionStatus = 'running' | 'halted' | 'rebuilding';

export interface Checkpoint extends LogCursor {
  readonly projection: string;
  readonly version: number;
  readonly status: ProjectionStatus;
  readonly lastError: string | null;
}

interface CheckpointRow {
  projection: string;
  version: number;
  last_tx_id: string;
  last_position: string;
  status: ProjectionStatus;
  last_error: string | null;
}

export async function ensureCheckpoint(
  tx: EntityManager,
  projection: string,
  version: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (projection, version) VALUES ($1, $2) ON CONFLICT (projection) DO NOTHING`,
    [projection, version],
  );
}

/**
 * Takes the projection's runner lock for this transaction and reads its checkpoint. An
 * advisory lock rather than FOR UPDATE: it assigns no transaction id, so holding it does not
 * hold back every other projector's snapshot xmin.
 */
export async function lockCheckpoint(
  tx: EntityManager,
  projection: { readonly name: string; readonly version: number },
  schema?: string,
): Promise<Checkpoint> {
  // A rebuild beside the live view has a lock of its own: the two run side by side.
  const lockName = schema
    ? `projection:${schema}:${projection.name}`
    : `projection:${projection.name}`;
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [lockName]);
  const found = await findCheckpoint(tx, projection.name);
  if (found) return found;
  await ensureCheckpoint(tx, projection.name, projection.version);
  return readCheckpoint(tx, projection.name);
}

export async function readCheckpoint(tx: EntityManager, projection: string): Promise<Checkpoint> {
  const found = await findCheckpoint(tx, projection);
  if (!found) throw new Error(`projection ${projection} has no checkpoint row`);
  return found;
}

async function findCheckpoint(tx: EntityManager, projection: string): Promise<Checkpoint | null> {
  const rows: CheckpointRow[] = await tx.query(
    `SELECT projection, version, last_tx_id::text AS last_tx_id, last_position, status, last_error
     FROM projection_checkpoints WHERE projection = $1`,
    [projection],
  );
  if (rows.length === 0) return null;
  const [row] = rows;
  return {
    projection: row.projection,
    version: row.version,
    txId: row.last_tx_id,
    position: Number(row.last_position),
    status: row.status,
    lastError: row.last_error,
  };
}

export async function advanceCheckpoint(
  tx: EntityManager,
  projection: string,
  to: LogCursor,
  applied: number,
  highPosition?: number,
): Promise<void> {
  await tx.query(
    `UPDATE projection_checkpoints
     SET last_tx_id = $2::xid8, last_position = $3, applied_count = applied_count + $4,
         high_position = GREATEST(high_position, $5), updated_at = now()
     WHERE projection = $1`,
    [projection, to.txId, to.position, applied, highPosition ?? to.position],
  );
}

export async function setProjectionStatus(
  tx: EntityManager,
  projection: string,
  status: ProjectionStatus,
  lastError: string | null,
): Promise<void> {
  await tx.query(
    `UPDATE projection_checkpoints SET status = $2, last_error = $3, updated_at = now() WHERE projection = $1`,
    [projection, status, lastError],
  );
}
