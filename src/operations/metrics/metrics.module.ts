import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from '../../identity/auth/access.guard';
import { ALL_QUEUES } from '../../platform/queues/queue-names';
import { QueueDepths } from '../queue-board/queue-depths';
import { MetricsController } from './metrics.http.controller';
import { MetricsReader } from './metrics.reader';

/**
 * GET /metrics in every role: each process counts what it does itself (the worker its
 * replays and finalizations), so Prometheus scrapes each. The API's routes are guarded by the
 * identity module; a worker has no sessions, so its guard lets in METRICS_TOKEN only.
 */
@Module({})
export class MetricsModule {
  static forRole(options: { api: boolean }): DynamicModule {
    return {
      module: MetricsModule,
      imports: [BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })))],
      controllers: [MetricsController],
      providers: [
        MetricsReader,
        QueueDepths,
        ...(options.api ? [] : [{ provide: APP_GUARD, useClass: AccessGuard }]),
      ],
      exports: [QueueDepths],
    };
  }
}
