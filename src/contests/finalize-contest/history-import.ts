import { DataSource, EntityManager } from 'typeorm';

/**
 * A history written after the fact (the demo seed, an import) is judged the way it would have
 * been live: a contest created in the past has its entries, votes and comments written after
 * its creation, and its own FinalizeContest at the end. Final means final, so a finalization
 * decided in between would refuse the rest of that history. While one is being written it
 * holds this session-level advisory lock, and the finalizer (its due jobs and its sweep) waits
 * for the lock to be free: the sweep then finalizes whatever the history left open.
 */
const HISTORY_IMPORT_LOCK = 0x494d5054; // 'IMPT'

/** Runs `write` holding the import lock, on a connection of its own. */
export async function whileImportingHistory<T>(
  dataSource: DataSource,
  write: () => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock($1)`, [HISTORY_IMPORT_LOCK]);
    return await write();
  } finally {
    await runner.query(`SELECT pg_advisory_unlock($1)`, [HISTORY_IMPORT_LOCK]).catch(() => null);
    await runner.release();
  }
}

/** Whether a history is being written now, by any process on this database. */
export async function historyImportRunning(manager: EntityManager): Promise<boolean> {
  // A one-key advisory lock shows in pg_locks as classid 0, objid key, objsubid 1.
  const [row]: { running: boolean }[] = await manager.query(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
       WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ) AS running`,
    [HISTORY_IMPORT_LOCK],
  );
  return row.running;
}
