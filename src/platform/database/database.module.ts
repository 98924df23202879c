import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** TypeORM over pg. The schema comes from hand-written migrations only; synchronize is off. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.databaseUrl,
        entities: [],
        migrations: MIGRATIONS,
        migrationsTableName: 'schema_migrations',
        migrationsRun: false,
        synchronize: false,
        retryAttempts: 3,
        extra: { max: config.dbPoolSize, application_name: `contest-${config.role}` },
      }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A backend killed by an operator (pg_terminate_backend) or a restart makes its connection
   * emit 'error' more than once: the query in flight fails with it, and TypeORM drops its own
   * listener at the first one. A later one without a listener would end the process, so every
   * connection keeps one for good; the failure itself still reaches the query that met it.
   */
  onModuleInit(): void {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const keep = (client: PoolClient) => {
      if (client.listenerCount('error') === 0 || !keptClients.has(client)) {
        keptClients.add(client);
        client.on('error', () => undefined);
      }
    };
    pool.on('connect', keep);
    const idle = (pool as unknown as { _clients?: PoolClient[] })._clients ?? [];
    for (const client of idle) keep(client);
  }
}

const keptClients = new WeakSet<PoolClient>();
