import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'The Prometheus text exposition (version 0.0.4) of what this process counts: commands by ' +
      'type and status, HTTP latency, projection lag (counted up to 100,000 rows), queue jobs by ' +
      'state, replay durations. Every role serves it, a worker only to METRICS_TOKEN. For ' +
      'scrapers: Authorization: Bearer <METRICS_TOKEN>.',
  })
  @ApiOkResponse({
    description: 'The metrics, as Content-Type: text/plain; version=0.0.4; charset=utf-8',
    content: {
      'text/plain': {
        schema: {
          type: 'string',
          example:
            '# TYPE contest_commands_total counter\ncontest_commands_total{type="CastVote",status="accepted"} 3\n',
        },
      },
    },
  })
  async metrics(): Promise<string> {
    for (const { projection, lag } of await this.readings.projectionLags())
      projectionLag.set({ projection }, lag);
    for (const { queue, state, count } of await this.readings.queueJobCounts())
      queueJobs.set({ queue, state }, count);
    return metricsRegistry.metrics();
  }
}
