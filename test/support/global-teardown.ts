import { deleteRedisPrefix } from '../../libs/testing/src/test-redis';
import { dropDatabase, withAdminClient } from '../../libs/testing/src/test-database';

/** Drops every database and Redis key this run made, even those a crashed file left. */
// jest requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.CONTEST_TEST_RUN;
  if (!runId) return;
  const names = await withAdminClient(async (client) => {
    const result = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${runId}\\_%`],
    );
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(name);
  await deleteRedisPrefix(runId);
}
