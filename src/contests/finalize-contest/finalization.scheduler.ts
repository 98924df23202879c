import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';

import { FINALIZATION_QUEUE } from '../../platform/queues/queue-names';

/**
 * Schedules a contest's finalization as a BullMQ delayed job at votingClosesAt. The job is a
 * convenience for punctuality: the sweep finds any contest whose job Redis lost.
 */
@Injectable()
export class FinalizationScheduler {
  constructor(@InjectQueue(FINALIZATION_QUEUE) private readonly queue: Queue) {}

  async schedule(contestId: string, votingClosesAt: Date): Promise<void> {
    await this.queue.add(
      'finalize',
      { contestId },
      {
        jobId: `finalize-${contestId}`,
        delay: Math.max(0, votingClosesAt.getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }
}
