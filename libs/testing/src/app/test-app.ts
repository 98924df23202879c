import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, TestDatabase } from '../test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../test-redis';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createApp } from '../../../../src/bootstrap';
import { AppConfig, loadConfig } from '../../../../src/platform/config/app-config';
import { redisAnswers } from '../redis/redis-probe';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly config: AppConfig;
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  /** Every JSON line the app logged, to search for secrets. */
  readonly logLines: string[];
  close(): Promise<void>;
}

/** Starts a worker-role process on the same database and Redis prefix as `api`. */
export async function startWorkerBeside(
  api: TestApp,
): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const config = { ...api.config, role: 'worker' as const };
  const app = await createApp(config, {
    logDestination: new Writable({ write: (_c, _e, done) => done() }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}

/**
 * Starts the whole platform on its own database and Redis prefix, listening on a free port.
 * `{ REDIS_URL: '' }` starts it without Redis (REDIS_URL unset: the Postgres backends), as
 * does the default where no Redis answers at TEST_REDIS_URL.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    // Redis as before where one answers; where none does, REDIS_URL unset (Postgres backends).
    REDIS_URL: redisAnswers() ? TEST_REDIS_URL : '',
    PORT: '0',
    QUEUE_PREFIX: testQueuePrefix(),
    PROJECTION_POLL_MS: '200',
    DB_POOL_SIZE: '10',
    LOG_LEVEL: 'info',
    ...env,
  });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp(config, { logDestination: destination });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    config,
    db,
    dataSource: app.get(DataSource),
    logLines,
    async close() {
      await app.close();
      // REDIS_URL '' (unset): sessions, rate limits and queues live in Postgres; no keys to delete.
      if (config.redisUrl !== null) await deleteRedisPrefix(config.queuePrefix, config.redisUrl);
      await db.drop();
    },
  };
}
