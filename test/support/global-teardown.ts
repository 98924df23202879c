import { connect } from 'node:net';
import { deleteRedisPrefix, TEST_REDIS_URL } from '../../libs/testing/src/test-redis';
import { dropDatabase, withAdminClient } from '../../libs/testing/src/test-database';
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
    if (runId && (await redisListens())) await deleteRedisPrefix(runId);
  }
}

/** Whether anything listens at TEST_REDIS_URL: a run without Redis left no keys to delete. */
function redisListens(): Promise<boolean> {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  return new Promise((resolve) => {
    const socket = connect(Number(port) || 6379, hostname || '127.0.0.1');
    const done = (listens: boolean) => {
      socket.destroy();
      resolve(listens);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
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
