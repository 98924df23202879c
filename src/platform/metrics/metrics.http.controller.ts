import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { metricsRegistry, projectionLag, queueJobs } from './metrics';

/** Prometheus text: command counts, HTTP latency, projection lag, queue depths, replay durations. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue('projections') private readonly projections: Queue,
    @InjectQueue('replays') private readonly replays: Queue,
    @InjectQueue('contest-finalization') private readonly finalization: Queue,
  ) {}

  @Get()
  @RequireRoles('admin')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (admin)' })
  async metrics(): Promise<string> {
    const lags: { projection: string; lag: number }[] = await this.dataSource.query(
      `SELECT p.projection, (SELECT count(*) FROM (SELECT 1 FROM command_log c
         WHERE (c.tx_id, c.position) > (p.last_tx_id, p.last_position) LIMIT 100000) behind)::int AS lag
       FROM projection_checkpoints p`,
    );
    for (const { projection, lag } of lags) projectionLag.set({ projection }, lag);
    for (const [name, queue] of [
      ['projections', this.projections],
      ['replays', this.replays],
      ['contest-finalization', this.finalization],
    ] as const) {
      const counts = await queue
        .getJobCounts('waiting', 'active', 'delayed', 'failed')
        .catch(() => ({}) as Record<string, number>);
      for (const [state, count] of Object.entries(counts))
        queueJobs.set({ queue: name, state }, count);
    }
    return metricsRegistry.metrics();
  }
}
