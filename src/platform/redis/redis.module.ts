import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { closeEdgeBackend, createEdgeBackend, EdgeBackend } from './edge-backend';

/** The edge's backend (sessions, rate limits): Redis when REDIS_URL is set, else Postgres. */
export const EDGE_BACKEND = Symbol('EDGE_BACKEND');

/** The shared Redis client, or null when REDIS_URL is unset (BullMQ has its own connections). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * The shared client for sessions, rate limits and health checks, or, with REDIS_URL unset,
 * their Postgres backend: a small pool of its own on the app's database.
 */
@Global()
@Module({
  providers: [
    {
      provide: EDGE_BACKEND,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource): EdgeBackend =>
        createEdgeBackend(config.redisUrl, databaseUrlOf(dataSource, config)),
    },
    {
      provide: REDIS_CLIENT,
      inject: [EDGE_BACKEND],
      useFactory: (backend: EdgeBackend): Redis | null =>
        backend.kind === 'redis' ? backend.redis : null,
    },
  ],
  exports: [EDGE_BACKEND, REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(EDGE_BACKEND) private readonly backend: EdgeBackend) {}

  async onApplicationShutdown(): Promise<void> {
    await closeEdgeBackend(this.backend);
  }
}

/** The database the app's own data source connects to (it may differ from DATABASE_URL's text). */
function databaseUrlOf(dataSource: DataSource, config: AppConfig): string {
  const url = (dataSource.options as { url?: string }).url;
  return url ?? config.databaseUrl;
}
