import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { REBUILD_QUEUE } from '../platform/queues/queue-names';
import { DeadLettersController } from './dead-letters/dead-letters.http.controller';
import { DeadLettersReader } from './dead-letters/dead-letters.reader';
import { ResolveDeadLetterHandler } from './dead-letters/resolve-dead-letter.command';
import { HealthController } from './health/health.http.controller';
import { ReadinessReader } from './health/readiness.reader';
import { MetricsModule } from './metrics/metrics.module';
import { ProjectionsAdminController } from './projections/projections-admin.http.controller';
import { ProjectionsAdminReader } from './projections/projections-admin.reader';
import { RebuildProjectionHandler } from './projections/rebuild-projection.command';
import { ProjectionRebuilder } from './rebuilds/projection-rebuilder';
import { QueueDepthsController } from './queue-board/queue-depths.http.controller';
import { RebuildProcessor } from './rebuilds/rebuild.processor';

/** What only the API role serves: the admin routes, their readers and their commands. */
const adminControllers = [ProjectionsAdminController, DeadLettersController, QueueDepthsController];
const adminProviders = [
  ProjectionsAdminReader,
  RebuildProjectionHandler,
  DeadLettersReader,
  ResolveDeadLetterHandler,
];

/**
 * What operators and admins run the platform with: health and readiness, metrics, projection
 * status and rebuilds, dead letters (the queue board is mounted on Fastify by the bootstrap).
 */
@Module({})
export class OperationsModule {
  static forRole(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: OperationsModule,
      imports: [
        CqrsModule,
        BullModule.registerQueue({ name: REBUILD_QUEUE }),
        MetricsModule.forRole({ api: options.api }),
      ],
      controllers: [HealthController, ...(options.api ? adminControllers : [])],
      providers: [
        ReadinessReader,
        ProjectionRebuilder,
        ...(options.api ? adminProviders : []),
        ...(options.worker ? [RebuildProcessor] : []),
      ],
    };
  }
}
