import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ProjectionLag, projectionLags } from '../../projections/runtime/projection-lag';
import { ALL_QUEUES } from '../../platform/queues/queue-names';

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
    private readonly modules: ModuleRef,
  ) {}

  projectionLags(): Promise<ProjectionLag[]> {
    return projectionLags(this.dataSource, LAG_CAP);
  }

  /** A queue whose Redis does not answer is left out: the scrape still succeeds. */
  async queueJobCounts(): Promise<QueueJobCount[]> {
    const counted: QueueJobCount[] = [];
    for (const name of ALL_QUEUES) {
      const queue = this.modules.get<Queue>(getQueueToken(name), { strict: false });
      const counts = await queue
        .getJobCounts('waiting', 'active', 'delayed', 'failed')
        .catch(() => ({}) as Record<string, number>);
      for (const [state, count] of Object.entries(counts))
        counted.push({ queue: name, state, count });
    }
    return counted;
  }
}
