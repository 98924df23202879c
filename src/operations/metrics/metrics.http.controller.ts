import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get, Header } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AdminOrMetricsToken } from '../../identity/auth/access.decorators';
import { projectionLags } from '../../projections/runtime/projection-lag';
import { ALL_QUEUES } from '../../platform/queues/queue-names';
import { metricsRegistry, projectionLag, queueJobs } from '../../platform/metrics/metrics';

/** Prometheus text: command counts, HTTP latency, projection lag, queue depths, replay durations. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly modules: ModuleRef,
  ) {}

  @Get()
  @AdminOrMetricsToken()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (admin, or Bearer METRICS_TOKEN for scrapers)' })
  async metrics(): Promise<string> {
    const lags = await projectionLags(this.dataSource, 100_000);
    for (const { projection, lag } of lags) projectionLag.set({ projection }, lag);
    for (const name of ALL_QUEUES) {
      const queue = this.modules.get<Queue>(getQueueToken(name), { strict: false });
      const counts = await queue
        .getJobCounts('waiting', 'active', 'delayed', 'failed')
        .catch(() => ({}) as Record<string, number>);
      for (const [state, count] of Object.entries(counts))
        queueJobs.set({ queue: name, state }, count);
    }
    return metricsRegistry.metrics();
  }
}
