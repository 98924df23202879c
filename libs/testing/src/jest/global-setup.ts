import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, runMigrations } from '../../../../src/platform/database/run-migrations';
import {
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
} from '../../../../src/platform/database/embedded-postgres';
import { databaseUrl, templateDatabaseName, withAdminClient } from '../test-database';

/** Where a run's embedded server lives: <tmp>/contest-test-pg-*, with data/ and owner.pid. */
export const EMBEDDED_DIR_PREFIX = 'contest-test-pg-';
export const EMBEDDED_DIR_ENV = 'CONTEST_TEST_EMBEDDED_PG';

/**
 * Makes this run's id and its migrated template database; test files clone it. Without
 * TEST_DATABASE_URL the run first starts an embedded PostgreSQL of its own (the workers, started
 * after this, inherit TEST_DATABASE_URL); the global teardown stops and deletes it.
 */
// jest requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) await startRunServer();
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

async function startRunServer(): Promise<void> {
  await removeLeftovers();
  const root = mkdtempSync(join(tmpdir(), EMBEDDED_DIR_PREFIX));
  // mkdtemp makes it 0700; the server's user (postgres, when we are root) must pass through.
  chmodSync(root, 0o755);
  writeFileSync(join(root, 'owner.pid'), String(process.pid));
  process.env[EMBEDDED_DIR_ENV] = root;
  const server = await startEmbeddedPostgres({
    dataDir: join(root, 'data'),
    // A throwaway server: durability buys nothing and costs the suite time.
    // Two jest workers each run apps and workers whose queues, without Redis, each hold
    // pools of their own: PostgreSQL's default of 100 connections ran out (503s under load).
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '500',
    },
  });
  process.env.TEST_DATABASE_URL = server.url;
}

/**
 * A run stopped by Ctrl-C or a kill skips its teardown, and its server (in a session of its
 * own) outlives it: the next run stops and deletes those whose jest process is gone.
 */
async function removeLeftovers(): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(EMBEDDED_DIR_PREFIX)) continue;
    const root = join(tmpdir(), name);
    const owner = Number(readIfExists(join(root, 'owner.pid')));
    const ownerAlive = owner > 0 && isAlive(owner);
    const young = Date.now() - statSync(root).mtimeMs < 60_000;
    if (ownerAlive || (!owner && young)) continue; // a run going on now, or one just starting
    await removeRunServer(root);
  }
}

export async function removeRunServer(root: string): Promise<void> {
  await stopEmbeddedPostgres(join(root, 'data'));
  rmSync(root, { recursive: true, force: true });
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
