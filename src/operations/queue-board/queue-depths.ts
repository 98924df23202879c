import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { ALL_QUEUES } from '../../platform/queues/queue-names';

/** The job states worth watching: what waits, what runs, what is held back, what failed. */
export const WATCHED_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type WatchedJobState = (typeof WATCHED_JOB_STATES)[number];

/** One queue's depth by state; null counts when its backend did not answer. */
export interface QueueDepth {
  readonly queue: string;
  readonly counts: Record<WatchedJobState, number> | null;
}

/**
 * How many jobs every queue of the platform holds, by state: what /metrics exports and the
 * console's Operations page shows. A queue whose backend does not answer is reported as such
 * (null counts), so one unreachable Redis never fails the page or the scrape.
 */
@Injectable()
export class QueueDepths {
  constructor(private readonly modules: ModuleRef) {}

  read(): Promise<QueueDepth[]> {
    return Promise.all(
      ALL_QUEUES.map(async (name) => {
        const queue = this.modules.get<Queue>(getQueueToken(name), { strict: false });
        const counts = await queue.getJobCounts(...WATCHED_JOB_STATES).then(
          (read) => Object.fromEntries(WATCHED_JOB_STATES.map((s) => [s, read[s] ?? 0])),
          () => null,
        );
        return { queue: name, counts: counts as QueueDepth['counts'] };
      }),
    );
  }
}
