import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectionLag, projectionLags } from '../../projections/runtime/projection-lag';
import { QueueDepths } from '../queue-board/queue-depths';

/** Lag past this is reported as this: an exact count would scan the log at every scrape. */
const LAG_CAP = 100_000;

/** How many jobs of one queue are in one state. */
export interface QueueJobCount {
  readonly queue: string;
  readonly state: string;
  readonly count: number;
}

/** What a scrape reads besides the process's own counters: projection lag and queue depths. */
@Injectable()
export class MetricsReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly depths: QueueDepths,
  ) {}

  projectionLags(): Promise<ProjectionLag[]> {
    return projectionLags(this.dataSource, LAG_CAP);
  }

  /** A queue whose backend does not answer is left out: the scrape still succeeds. */
  async queueJobCounts(): Promise<QueueJobCount[]> {
    return (await this.depths.read()).flatMap(({ queue, counts }) =>
      Object.entries(counts ?? {}).map(([state, count]) => ({ queue, state, count })),
    );
  }
}
