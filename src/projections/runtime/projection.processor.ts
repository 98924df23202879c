import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { correlationScope } from '../../platform/logging/correlation';
import { startWorker } from '../../platform/queues/queue-connection';
import { PROJECTION_QUEUE } from '../../platform/queues/queue-names';
import { ProjectionLeases } from './projection-leases';
import { Projector, PROJECTORS } from './projector';

/** Decodes a doorbell job and hands the projection to the runner; nothing else. */
@Processor(PROJECTION_QUEUE, { concurrency: 8, autorun: false })
export class ProjectionProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('projections');
  private readonly byName: ReadonlyMap<string, Projector>;
  private active = 0;
  private lastStartedAt = 0;

  constructor(
    private readonly leases: ProjectionLeases,
    @InjectQueue(PROJECTION_QUEUE) private readonly queue: Queue,
    @Inject(PROJECTORS) projectors: readonly Projector[],
  ) {
    super();
    this.byName = new Map(projectors.map((p) => [p.name, p]));
  }

  /** Consumes only once the app is bootstrapped (see startWorker). */
  onApplicationBootstrap(): void {
    startWorker(this.worker);
  }

  /**
   * Graceful shutdown: finish the job in hand while Postgres is still open. Nest closes the
   * database in onApplicationShutdown, which would leave a running batch waiting forever.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  /**
   * Whether the doorbell is being answered: a job is running now, or one started after `since`.
   * The poller uses it to tell a queue that takes rings but has no running consumer (Redis
   * back, the worker's connection not yet) from a working one.
   */
  answeredSince(since: number): boolean {
    return this.active > 0 || this.lastStartedAt >= since;
  }

  /**
   * Runs the projection when this worker owns its lease (or takes it); otherwise the ring is
   * handed to the owner and the job ends at once (ProjectionLeases).
   */
  async process(job: Job): Promise<{ ranHere: boolean }> {
    const projector = this.byName.get(job.name);
    if (!projector) throw new Error(`no projector is named ${job.name}`);
    this.active += 1;
    this.lastStartedAt = Date.now();
    try {
      // Rings from here on must queue a new job: this run may already have read past them.
      await this.queue.removeDeduplicationKey(`doorbell:${projector.name}`);
      const ranHere = await correlationScope.run(
        { correlationId: `projection:${projector.name}:${job.id}` },
        () => this.leases.ring(projector.name),
      );
      return { ranHere };
    } finally {
      this.active -= 1;
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`doorbell job ${job?.name ?? '?'} failed: ${error.message}`);
  }

  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.logger.warn(`doorbell job ${jobId} stalled; it will run again`);
  }
}
