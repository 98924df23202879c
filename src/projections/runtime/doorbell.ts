import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { CommitListener } from '../../command-log/command-pipeline';
import { logThrottled, oneLine } from '../../platform/logging/throttled-log';
import { Projector, PROJECTORS } from './projector';

import { PROJECTION_QUEUE } from '../../platform/queues/queue-names';

/**
 * A round of doorbell adds that takes longer than this counts as failed: the queue's backend
 * (Redis, or Postgres without REDIS_URL) is not there.
 */
export const RING_TIMEOUT_MS = 1_000;

/**
 * After each commit, one doorbell job per projection says "the log grew". The job carries no
 * data: the projector reads the log from its checkpoint, so a lost doorbell only delays it
 * until the next ring or the periodic poll (docs/DESIGN.md invariant 9), which, when the queue
 * cannot be reached, runs the projectors itself (ProjectionPoller).
 */
@Injectable()
export class ProjectionDoorbell implements CommitListener, BeforeApplicationShutdown {
  private inFlight = false;
  private pending = false;
  private closing = false;

  constructor(
    @InjectQueue(PROJECTION_QUEUE) private readonly queue: Queue,
    @Inject(PROJECTORS) private readonly projectors: readonly Projector[],
  ) {}

  afterCommit(): void {
    this.ring();
  }

  /** No more rings once shutdown begins: the queue's connection is about to close. */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /**
   * Coalesces rings: at most one round of adds in flight and one more queued, so a burst of
   * commits costs a few Redis round trips, not one per command.
   */
  ring(): void {
    if (this.closing) return;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    void this.tryRing().finally(() => {
      this.inFlight = false;
      if (this.pending) {
        this.pending = false;
        this.ring();
      }
    });
  }

  /**
   * One round of adds, bounded by RING_TIMEOUT_MS: true when every projection's doorbell is
   * in the queue, false (logged now and then) when the queue failed or did not answer in time.
   */
  async tryRing(timeoutMs = RING_TIMEOUT_MS): Promise<boolean> {
    if (this.closing) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from the queue within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const adds = this.ringAll();
    adds.catch(() => undefined); // a late failure after the timeout is already accounted for
    try {
      await Promise.race([adds, timeout]);
      return true;
    } catch (error) {
      logThrottled('doorbell', `not rung (${oneLine(error)}); the poll will catch up`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One deduplicated job per projection: a ring while that projection's job waits adds
   * nothing. Both backends implement BullMQ's deduplication ids (Postgres: a `dedup` table
   * beside its jobs), so the rings need no adapting to run without Redis.
   */
  async ringAll(): Promise<void> {
    await Promise.all(
      this.projectors.map((projector) =>
        this.queue.add(
          projector.name,
          {},
          {
            deduplication: { id: `doorbell:${projector.name}` },
            removeOnComplete: true,
            removeOnFail: 100,
            attempts: 3,
            backoff: { type: 'exponential', delay: 200 },
          },
        ),
      ),
    );
  }
}
