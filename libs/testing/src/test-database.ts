import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each test run gets a template database with the migrations applied (made once by jest's
 * global setup); each test file clones it, so files never see each other's rows.
 */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The server the run's databases are made on: TEST_DATABASE_URL, which jest's global setup sets
 * to an embedded server of the run's own when it was unset. Read at each call, since the
 * global setup imports this file before it knows the URL.
 */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || LOCAL_SERVER;
}

/** adminDatabaseUrl() as the test files (jest workers, started after the setup) see it. */
export const ADMIN_DATABASE_URL = adminDatabaseUrl();

export function testRunId(): string {
  const id = process.env.CONTEST_TEST_RUN;
  if (!id)
    throw new Error('CONTEST_TEST_RUN is not set: run the tests through jest (global setup)');
  return id;
}

export function templateDatabaseName(runId: string): string {
  return `${runId}_template`;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const runId = testRunId();
  const name = `${runId}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(async (client) => {
    // Two clones of one template at once can collide on the template's lock: retry briefly.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabaseName(runId)}"`);
        return;
      } catch (error) {
        if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => dropDatabase(name),
  };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
