import { redisAnswers } from '../redis/redis-probe';
import { dropDatabase, withAdminClient } from '../test-database';
import { deleteRedisPrefix } from '../test-redis';
import { EMBEDDED_DIR_ENV, removeRunServer } from './global-setup';

/**
 * Drops every database and Redis key this run made, even those a crashed file left; a run on
 * its own embedded server stops it and deletes its directory instead of dropping databases.
 */
// jest requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.CONTEST_TEST_RUN;
  const embedded = process.env[EMBEDDED_DIR_ENV];
  try {
    if (runId && !embedded) await dropRunDatabases(runId);
  } finally {
    if (embedded) await removeRunServer(embedded);
    // A run without Redis (nothing answers at TEST_REDIS_URL) left no keys to delete.
    if (runId && redisAnswers()) await deleteRedisPrefix(runId);
  }
}

async function dropRunDatabases(runId: string): Promise<void> {
  const names = await withAdminClient(async (client) => {
    const result = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${runId}\\_%`],
    );
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(name);
}
