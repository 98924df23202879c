import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { correlationScope } from '../../platform/logging/correlation';
import { ContestFinalizer } from './contest-finalizer';
import { startWorker } from '../../platform/queues/queue-connection';
import { FINALIZATION_QUEUE } from '../../platform/queues/queue-names';

/** Runs due finalization jobs, and sweeps for contests whose job was lost (Redis flushed). */
@Processor(FINALIZATION_QUEUE, { concurrency: 2, autorun: false })
export class FinalizationProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('finalization');
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly finalizer: ContestFinalizer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<{ contestId: string }>): Promise<string> {
    return correlationScope.run({ correlationId: `finalize-job-${job.id}` }, async () => {
      // The sweep finalizes it once the history is written (history-import.ts).
      if (await this.finalizer.historyImportRunning())
        return 'deferred: a history is being written';
      const outcome = await this.finalizer.finalize(job.data.contestId, `job:${job.id}`);
      return outcome.decision.status === 'accepted' ? 'finalized' : outcome.decision.rejection.code;
    });
  }

  /**
   * Consumes only now that the app is bootstrapped: a job already due when the worker starts
   * must find the FinalizeContest handler registered (see startWorker).
   */
  onApplicationBootstrap(): void {
    startWorker(this.worker);
    this.sweeper = setInterval(
      () => void this.sweep(),
      Math.max(this.config.projectionPollMs, 1000),
    );
    this.sweeper.unref();
  }

  /** Stop sweeping and finish the job in hand before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.worker.close();
  }

  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const due = await this.finalizer.due();
      for (const contestId of due) {
        await correlationScope.run({ correlationId: `finalize-sweep-${contestId}` }, () =>
          this.finalizer.finalize(contestId, 'sweep'),
        );
      }
      return due.length;
    } catch (error) {
      this.logger.warn(`finalization sweep failed: ${String(error)}`);
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`finalization job ${job?.id ?? '?'} failed: ${error.message}`);
  }
}
