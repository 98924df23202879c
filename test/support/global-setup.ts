import { randomBytes } from 'node:crypto';
import { createDataSource, runMigrations } from '../../src/platform/database/run-migrations';
import {
  databaseUrl,
  templateDatabaseName,
  withAdminClient,
} from '../../libs/testing/src/test-database';

/** Makes this run's id and its migrated template database; test files clone it. */
// jest requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default async function globalSetup(): Promise<void> {
  const runId = `ct_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  process.env.CONTEST_TEST_RUN = runId;
  const template = templateDatabaseName(runId);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${template}"`));
  const dataSource = await createDataSource(databaseUrl(template), 2).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
