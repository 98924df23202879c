import {
  BackendFactory,
  ConnectionOptions,
  createPostgresBackend,
  PostgresPoolConfig,
  runMigrations as runQueueMigrations,
} from 'bullmq';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { PROJECTION_QUEUE } from './queue-names';

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
 * connection for LISTEN; idle ones close after IDLE_MS. Pools are sized to the parallelism
 * each one sees: the doorbell adds one job per projection at once and the projection worker
 * runs eight, where a pool of two measured twice the reply-to-view latency of Redis (p50 95
 * against 51 ms; 44 ms with pools of eight). The others add or run one or two jobs at a time.
 * An `all` process peaks near forty connections beside the app's own pool.
 */
const POOL_MAX = 2;
const POOL_MAX_BY_QUEUE: Readonly<Record<string, number>> = { [PROJECTION_QUEUE]: 6 };
const WORKER_POOL_CEILING = 6;
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
    max: POOL_MAX,
    idleTimeoutMillis: IDLE_MS,
    application_name: 'contest-platform:queues',
    [POSTGRES_QUEUES]: true,
  };
  return connection as unknown as ConnectionOptions;
}

export function isPostgresQueueConnection(connection: unknown): boolean {
  return typeof connection === 'object' && connection !== null && POSTGRES_QUEUES in connection;
}

/** A queue's pool: larger for the doorbell's queue, which is rung for every projection at once. */
export function postgresQueuePool(connection: unknown, queue: string): ConnectionOptions {
  const max = POOL_MAX_BY_QUEUE[queue] ?? POOL_MAX;
  return { ...(connection as object), max } as unknown as ConnectionOptions;
}

/** A worker's pool follows its concurrency: each job in hand finishes and fetches the next. */
export function postgresWorkerConnection(connection: unknown, concurrency = 1): ConnectionOptions {
  const max = Math.min(Math.max(concurrency, POOL_MAX), WORKER_POOL_CEILING);
  return { ...(connection as object), max } as unknown as ConnectionOptions;
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
