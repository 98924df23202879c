import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { REBUILD_QUEUE } from '../platform/queues/queue-names';
import { HealthController } from './health/health.http.controller';
import { MetricsModule } from './metrics/metrics.module';
import { OperationsController } from './projections-admin.http.controller';
import { ProjectionRebuilder } from './rebuilds/projection-rebuilder';
import { RebuildProcessor } from './rebuilds/rebuild.processor';

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
        BullModule.registerQueue({ name: REBUILD_QUEUE }),
        MetricsModule.forRole({ api: options.api }),
      ],
      controllers: [HealthController, ...(options.api ? [OperationsController] : [])],
      providers: [ProjectionRebuilder, ...(options.worker ? [RebuildProcessor] : [])],
    };
  }
}
