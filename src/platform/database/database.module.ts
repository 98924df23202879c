import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
export class DatabaseModule {}
