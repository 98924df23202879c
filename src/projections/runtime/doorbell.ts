import { InjectQueue } from '@nestjs/bullmq';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnModuleInit,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import { CommitListener } from '../../command-log/command-pipeline';
import { Projector, PROJECTORS } from './projector';

import { PROJECTION_QUEUE } from '../../platform/queues/queue-names';

/**
 * After each commit, one doorbell job per projection says "the log grew". The job carries no
 * data: the projector reads the log from its checkpoint, so a lost doorbell only delays it
 * until the next ring or the periodic poll (DESIGN.md invariant 9).
 */
@Injectable()
export class ProjectionDoorbell implements CommitListener, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('doorbell');
  private inFlight = false;
  private pending = false;
  private lastFailureLoggedAt = 0;
  private closing = false;

  constructor(
    @InjectQueue(PROJECTION_QUEUE) private readonly queue: Queue,
    @Inject(PROJECTORS) private readonly projectors: readonly Projector[],
  ) {}

  onModuleInit(): void {
    // An EventEmitter 'error' without a listener would crash the process.
    this.queue.on('error', (error) => this.logFailure(error));
  }

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
    this.ringAll()
      .catch((error: unknown) => this.logFailure(error))
      .finally(() => {
        this.inFlight = false;
        if (this.pending) {
          this.pending = false;
          this.ring();
        }
      });
  }

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

  private logFailure(error: unknown): void {
    // Redis being down is loud once every ten seconds, not once per command.
    const now = Date.now();
    if (now - this.lastFailureLoggedAt < 10_000) return;
    this.lastFailureLoggedAt = now;
    this.logger.warn(
      `doorbell not rung (${error instanceof Error ? error.message : String(error)}); the poll will catch up`,
    );
  }
}
