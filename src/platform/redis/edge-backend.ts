import type Redis from 'ioredis';
import { Pool, PoolClient } from 'pg';
import { createRedis } from './redis-connection';

/**
 * Where the edge's short-lived state lives (sessions, rate-limit windows, health of both):
 * Redis when REDIS_URL is set, exactly as before, or Postgres when it is unset (single node,
 * issue 9). Chosen once, at start, from the configuration; nothing switches at run time.
 */
export type EdgeBackend =
  | { readonly kind: 'redis'; readonly redis: Redis }
  | { readonly kind: 'postgres'; readonly pool: Pool };

/** Connections of the Postgres edge pool: lookups take a fraction of a millisecond each. */
export const EDGE_POOL_SIZE = 6;

/** How long an edge query may wait for a connection or an answer before it gives up. */
export const EDGE_QUERY_TIMEOUT_MS = 2_000;

/**
 * The Postgres edge gets a small pool of its own, apart from the app's: a login opens its
 * session while its command's transaction holds a connection of the app's pool, so sharing
 * that pool could leave every connection waiting for another; and a flood of session lookups
 * or rate-limit counts can never take the connections the write path needs.
 */
export function createEdgePool(databaseUrl: string): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: EDGE_POOL_SIZE,
    application_name: 'contest-edge',
    connectionTimeoutMillis: EDGE_QUERY_TIMEOUT_MS,
    query_timeout: EDGE_QUERY_TIMEOUT_MS,
    statement_timeout: EDGE_QUERY_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    options: '-c jit=off',
  });
  // A backend that goes away emits 'error' on idle clients (on the pool) and, more than once,
  // on a client in use: neither may end the process; the query in flight still fails.
  pool.on('error', () => undefined);
  pool.on('connect', (client: PoolClient) => client.on('error', () => undefined));
  return pool;
}

export function createEdgeBackend(redisUrl: string | null, databaseUrl: string): EdgeBackend {
  return redisUrl === null
    ? { kind: 'postgres', pool: createEdgePool(databaseUrl) }
    : { kind: 'redis', redis: createRedis(redisUrl) };
}

/** Closes what the backend opened: QUIT when Redis answers, else drop the connection. */
export async function closeEdgeBackend(backend: EdgeBackend): Promise<void> {
  if (backend.kind === 'postgres') {
    await backend.pool.end().catch(() => undefined);
    return;
  }
  const { redis } = backend;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
