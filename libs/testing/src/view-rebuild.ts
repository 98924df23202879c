import { DataSource } from 'typeorm';
import { Drainable, drainThrough } from './test-data-source';

/** A projector as these helpers see it: its checkpoint's name and the tables it owns. */
export interface ViewOwner {
  readonly name: string;
  readonly version: number;
  readonly tables: readonly string[];
}

/**
 * Every row of each table, in primary-key order (whole rows where a table has none): a whole
 * view, to compare with toEqual.
 */
export async function viewTables(
  dataSource: DataSource,
  tables: readonly string[],
): Promise<Record<string, unknown[]>> {
  const view: Record<string, unknown[]> = {};
  for (const table of tables) {
    const key: { name: string }[] = await dataSource.query(
      `SELECT a.attname AS name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary
       ORDER BY array_position(i.indkey, a.attnum)`,
      [table],
    );
    const order = key.length ? key.map((k) => `"${k.name}"`).join(', ') : 'to_jsonb(t)::text';
    view[table] = await dataSource.query(`SELECT * FROM ${table} AS t ORDER BY ${order}`);
  }
  return view;
}

/**
 * Empties the view's tables and moves its checkpoint back before the first row of the log,
 * then runs the projector through `position` again in one big batch; returns the tables.
 */
export async function rebuildFromZero(
  dataSource: DataSource,
  runner: Drainable,
  projector: ViewOwner,
  position: number,
): Promise<Record<string, unknown[]>> {
  await dataSource.query(`TRUNCATE ${projector.tables.join(', ')}`);
  const [, reset] = await dataSource.query(
    `UPDATE projection_checkpoints SET last_tx_id = '0', last_position = 0 WHERE projection = $1`,
    [projector.name],
  );
  if (reset !== 1) throw new Error(`${projector.name} has no checkpoint to reset`);
  const rebuilt = await drainThrough(dataSource, runner, projector, position, {
    batchSize: 10_000,
    maxAttempts: 1,
    backoffMs: 1,
  });
  if (rebuilt.halted || rebuilt.parked > 0)
    throw new Error(`${projector.name} stopped while rebuilding: ${JSON.stringify(rebuilt)}`);
  return viewTables(dataSource, projector.tables);
}
