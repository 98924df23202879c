import {
  BackendFactory,
  ConnectionOptions,
  createPostgresBackend,
  PostgresPoolConfig,
  runMigrations as runQueueMigrations,
} from 'bullmq';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';

/**
 * Where the job queues live, chosen once at start: Redis when REDIS_URL is set (as before
 * issue 9), otherwise BullMQ's own PostgreSQL backend in the app's database.
 */
export type QueueBackend = 'redis' | 'postgres';

export function queueBackendOf(config: AppConfig): QueueBackend {
  return config.redisUrl === null ? 'postgres' : 'redis';
}

/**
 * The schema BullMQ's Postgres backend keeps its tables and functions in, inside the app's
 * database. It is BullMQ's default: a pg.Pool handed to BullMQ always uses it, and its
 * migrations own it (the app's migrations never touch it). Test runs need no prefix here, as
 * each test file has a database of its own.
 */
export const QUEUE_SCHEMA = 'bullmq';

/**
 * Connections per Queue or Worker instance. Each one owns a small pool (BullMQ's Postgres
 * backend builds one per instance when given a configuration rather than a pool, which is what
 * lets it pin the search_path and own its lifecycle) and each Worker one more, long-lived
 * connection for LISTEN. The platform has about eight queues and four workers per process,
 * so this keeps it near thirty connections at the most beside the app's own pool; idle ones
 * close after IDLE_MS.
 */
const QUEUE_POOL_MAX = 2;
const WORKER_POOL_MAX = 3;
const IDLE_MS = 5_000;

/** Marks BullMQ connection options meant for the Postgres backend. */
const POSTGRES_QUEUES = Symbol('postgres-queues');

type PostgresQueueConnection = PostgresPoolConfig & { [POSTGRES_QUEUES]: true };

/**
 * BullMQ connection options for the Postgres backend. @nestjs/bullmq hands each queue's
 * `connection` on to the workers it creates, and nothing else of the shared options, so the
 * choice of backend travels in it; AppQueue and AppWorker read it (backendFactoryFor).
 */
export function postgresQueueConnection(databaseUrl: string): ConnectionOptions {
  const connection: PostgresQueueConnection = {
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    max: QUEUE_POOL_MAX,
    idleTimeoutMillis: IDLE_MS,
    application_name: 'contest-platform:queues',
    [POSTGRES_QUEUES]: true,
  };
  return connection as unknown as ConnectionOptions;
}

export function isPostgresQueueConnection(connection: unknown): boolean {
  return typeof connection === 'object' && connection !== null && POSTGRES_QUEUES in connection;
}

/** A worker's pool is a little larger: it finishes jobs and fetches the next one at once. */
export function postgresWorkerConnection(connection: unknown): ConnectionOptions {
  return { ...(connection as object), max: WORKER_POOL_MAX } as unknown as ConnectionOptions;
}

/**
 * The factory a Queue or Worker is built with: BullMQ's Postgres backend for Postgres
 * connection options, undefined (BullMQ's default, Redis) otherwise. Never the process-wide
 * default (setDefaultBackendFactory): a test file may run both backends side by side.
 */
export function backendFactoryFor(connection: unknown): BackendFactory | undefined {
  if (!isPostgresQueueConnection(connection)) return undefined;
  return postgresBackend;
}

const postgresBackend: BackendFactory = (name, opts, factoryOpts) => {
  // Only pg's options go on to pg.Pool: BullMQ reads schema, the marker stays here.
  const { [POSTGRES_QUEUES]: _marker, ...connection } =
    opts.connection as unknown as PostgresQueueConnection;
  return createPostgresBackend(name, { ...opts, connection }, factoryOpts);
};

/**
 * Applies BullMQ's Postgres migrations (its schema, tables and functions) in the app's
 * database. Idempotent and safe when several processes start together: BullMQ runs them in
 * one transaction under a transaction-scoped advisory lock of its own (per schema), on the
 * one dedicated connection it must be given, so the late starters wait and then find nothing
 * to do. Returns the schema version the database is at.
 */
export async function applyQueueSchema(databaseUrl: string): Promise<number> {
  const client = new Client({
    connectionString: databaseUrl,
    application_name: 'contest-platform:queue-migrations',
  });
  await client.connect();
  try {
    return await runQueueMigrations(client, QUEUE_SCHEMA);
  } finally {
    await client.end();
  }
}
