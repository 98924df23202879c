import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from './audit/audit.module';
import { CommandLogModule } from './command-log/command-log.module';
import { ContestsModule } from './contests/contests.module';
import { DemoModule } from './demo/demo.module';
import { IdentityModule } from './identity/identity.module';
import { OperationsModule } from './operations/operations.module';
import { BenchNoopController } from './platform/bench/bench-noop.http.controller';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { QueuesModule } from './platform/queues/queues.module';
import { RedisModule } from './platform/redis/redis.module';
import { ProjectionsModule } from './projections/projections.module';
import { ReplaysModule } from './replays/replays.module';
import { RulesetsModule } from './rulesets/rulesets.module';

/** One image, three roles: the API, the projector workers, or both (APP_ROLE). */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    const api = config.role !== 'worker';
    const worker = config.role !== 'api';
    const role = { api, worker };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        CqrsModule.forRoot(),
        CommandLogModule,
        ContestsModule.forRole(role),
        ProjectionsModule.forRole(role),
        RulesetsModule.forRole(role),
        ReplaysModule.forRole(role),
        OperationsModule.forRole(role),
        ...(api ? [IdentityModule, DemoModule, AuditModule] : []),
      ],
      controllers: process.env.BENCH_NOOP_ROUTES === 'true' ? [BenchNoopController] : [],
    };
  }
}
