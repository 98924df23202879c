import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { correlationScope } from '../../platform/logging/correlation';
import { startWorker } from '../../platform/queues/queue-connection';
import { REBUILD_QUEUE } from '../../platform/queues/queue-names';
import { Projector, PROJECTORS } from '../../projections/runtime/projector';
import { ProjectionRebuilder } from './projection-rebuilder';
import { rebuildJobOptions } from './rebuild.queue';

const SWEEP_MS = 60_000;

/** Runs rebuilds on the worker role: they read the whole log and must not load the API. */
@Processor(REBUILD_QUEUE, { concurrency: 2, autorun: false })
export class RebuildProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('projections');
  private readonly byName: ReadonlyMap<string, Projector>;
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly rebuilder: ProjectionRebuilder,
    private readonly dataSource: DataSource,
    @InjectQueue(REBUILD_QUEUE) private readonly queue: Queue,
    @Inject(PROJECTORS) projectors: readonly Projector[],
  ) {
    super();
    this.byName = new Map(projectors.map((p) => [p.name, p]));
  }

  /**
   * A rebuild the API accepted but whose job Redis lost (or never got) is queued again, at the
   * start and then every minute: the checkpoint's `rebuilding` status is the record of it.
   * A job still queued or running has the same id, so it is not queued twice.
   */
  async onApplicationBootstrap(): Promise<void> {
    startWorker(this.worker); // now that the app is bootstrapped (see startWorker)
    await this.requeueLost();
    this.sweep ??= setInterval(() => {
      this.requeueLost().catch((error: Error) =>
        this.logger.warn(`rebuild sweep failed: ${error.message}`),
      );
    }, SWEEP_MS).unref();
  }

  private async requeueLost(): Promise<void> {
    const rows: { projection: string }[] = await this.dataSource.query(
      `SELECT projection FROM projection_checkpoints WHERE status = 'rebuilding'`,
    );
    for (const { projection } of rows) {
      if (this.byName.has(projection))
        await this.queue.add(projection, {}, rebuildJobOptions(projection));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweep);
    await this.worker.close();
  }

  async process(job: Job): Promise<{ version: number }> {
    const projector = this.byName.get(job.name);
    if (!projector) throw new Error(`no projector is named ${job.name}`);
    return correlationScope.run({ correlationId: `rebuild:${projector.name}:${job.id}` }, () =>
      this.rebuilder.rebuild(projector),
    );
  }

  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.logger.warn(`rebuild job ${jobId} stalled; it starts over`);
  }
}
