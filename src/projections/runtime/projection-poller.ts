import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { oneLine } from '../../platform/logging/throttled-log';
import { ProjectionDoorbell } from './doorbell';
import { ProjectionProcessor } from './projection.processor';
import { ProjectionLeases } from './projection-leases';
import { PeriodicTask } from '../../platform/timers/periodic-task';

type Path = 'starting' | 'doorbell' | 'in-process';

/**
 * Rings every doorbell on a timer in the worker role. A timer in the process rather than a
 * BullMQ repeatable job, because a flushed Redis would take a repeatable job with it.
 *
 * The log in Postgres is the truth and BullMQ only rings the bell (docs/DESIGN.md invariant 9): when
 * a ring fails or times out, or the previous ring went unanswered (Redis back but the worker
 * not consuming yet), the poll runs the projections this worker owns (ProjectionLeases) here,
 * in-process, on the same single run per projection the BullMQ processor uses; the owners of
 * the others poll for theirs. A command written while the
 * queue is away is projected within one poll interval, plus the ring timeout.
 */
@Injectable()
export class ProjectionPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('projections');
  private readonly polls: PeriodicTask;
  private path: Path = 'starting';
  private outageLogged = false;
  /** When the last ring that reached the queue was made; 0 when the last ring failed. */
  private lastRungAt = 0;

  constructor(
    private readonly doorbell: ProjectionDoorbell,
    private readonly processor: ProjectionProcessor,
    private readonly leases: ProjectionLeases,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.polls = new PeriodicTask(
      config.projectionPollMs,
      () => this.poll(),
      (error) =>
        this.logger.warn(`projection poll failed: ${oneLine(error)}; the next poll retries`),
    );
  }

  onApplicationBootstrap(): void {
    void this.polls.start();
  }

  /** Stops polling and waits for an in-process run in hand (the database is still open). */
  beforeApplicationShutdown(): Promise<void> {
    return this.polls.stop();
  }

  /** One poll; a poll still running (a long in-process catch-up) makes this one a no-op. */
  tick(): Promise<void> {
    return this.polls.runNow();
  }

  private async poll(): Promise<void> {
    const previousRingAt = this.lastRungAt;
    const ringAt = Date.now();
    const rung = await this.doorbell.tryRing();
    this.lastRungAt = rung ? ringAt : 0;
    // The bell works when this ring reached the queue and the previous one was answered.
    const answered = previousRingAt > 0 && this.processor.answeredSince(previousRingAt);
    this.switchTo(rung && answered ? 'doorbell' : 'in-process', rung);
    if (this.path === 'in-process') await this.runHere();
  }

  /** A lease tick: it catches up every projection this worker owns, as its jobs would. */
  private async runHere(): Promise<void> {
    await this.leases.tick();
  }

  /** Says so when the path changes; the first poll (nothing rung before it) runs here quietly. */
  private switchTo(path: Path, rung: boolean): void {
    const from = this.path;
    this.path = path;
    if (path === 'in-process' && !this.outageLogged && (!rung || from === 'doorbell')) {
      this.outageLogged = true;
      this.logger.warn('projection queue unavailable: projecting in-process on each poll');
    } else if (path === 'doorbell' && this.outageLogged) {
      this.outageLogged = false;
      this.logger.log('projection queue answers again: back to the doorbell');
    }
  }
}
