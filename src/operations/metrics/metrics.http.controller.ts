import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOrMetricsToken } from '../../identity/auth/access.decorators';
import { metricsRegistry, projectionLag, queueJobs } from '../../platform/metrics/metrics';
import { MetricsReader } from './metrics.reader';

/** Prometheus text: command counts, HTTP latency, projection lag, queue depths, replay durations. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly readings: MetricsReader) {}

  @Get()
  @AdminOrMetricsToken()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (admin, or Bearer METRICS_TOKEN for scrapers)' })
  async metrics(): Promise<string> {
    for (const { projection, lag } of await this.readings.projectionLags())
      projectionLag.set({ projection }, lag);
    for (const { queue, state, count } of await this.readings.queueJobCounts())
      queueJobs.set({ queue, state }, count);
    return metricsRegistry.metrics();
  }
}
