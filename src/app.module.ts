import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from './audit/audit.module';
import { CommandLogModule } from './command-log/command-log.module';
import { DemoModule } from './demo/demo.module';
import { RankingModule } from './ranking/ranking.module';
import { IdentityModule } from './identity/identity.module';
import { BenchNoopController } from './platform/bench/bench-noop.http.controller';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { DatabaseModule } from './platform/database/database.module';
import { HealthController } from './platform/health/health.http.controller';
import { QueuesModule } from './platform/queues/queues.module';
import { RedisModule } from './platform/redis/redis.module';
import { ProjectionsModule } from './projections/projections.module';

/** One image, three roles: the API, the projector workers, or both (APP_ROLE). */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    const api = config.role !== 'worker';
    const worker = config.role !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        CqrsModule.forRoot(),
        CommandLogModule,
        ProjectionsModule.forRole({ api, worker }),
        RankingModule.forRole({ api, worker }),
        MetricsModule.forRole({ api }),
        ...(api ? [IdentityModule, DemoModule, AuditModule] : []),
      ],
      controllers: [
        HealthController,
        ...(process.env.BENCH_NOOP_ROUTES === 'true' ? [BenchNoopController] : []),
      ],
    };
  }
}
