import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RulesetRecord } from '@contest/domain';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { correlationScope } from '../../platform/logging/correlation';
import { replayDuration } from '../../platform/metrics/metrics';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { ReplayHeapExceeded, runReplayInThread } from './replay-thread';
import { REPLAY_ATTEMPTS, replayJobOptions } from '../replay.queue';
import { startWorker } from '../../platform/queues/queue-connection';
import { REPLAY_QUEUE } from '../../platform/queues/queue-names';
import { ReplayStore } from '../replay-store';

/** Runs what-if replays on the worker role; they read the log and write only the replays table. */
@Processor(REPLAY_QUEUE, { concurrency: 2, lockDuration: 30_000, autorun: false })
export class ReplayProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('replays');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: ReplayStore,
    @InjectQueue(REPLAY_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  /** Replays left queued or running by a process that died (or a flushed Redis) run again. */
  async onApplicationBootstrap(): Promise<void> {
    startWorker(this.worker); // now that the app is bootstrapped (see startWorker)
    for (const replayId of await this.store.unfinished()) {
      await this.queue
        .add('replay', { replayId }, replayJobOptions(replayId))
        .catch((error: unknown) => {
          this.logger.warn(`replay ${replayId} not re-enqueued: ${String(error)}`);
        });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  async process(job: Job<{ replayId: string }>): Promise<string> {
    const { replayId } = job.data;
    return correlationScope.run({ correlationId: `replay-${replayId}` }, async () => {
      const replay = await this.store.find(replayId);
      if (!replay) return 'missing';
      if (replay.status === 'done') return 'done';
      await this.store.start(replayId);
      // A history too large for the replay's heap stays too large: no retry.
      const { result, stats } = await runReplayInThread(
        {
          contestId: replay.contestId,
          candidate: (replay.ruleset as RulesetRecord | null) ?? null,
          asOf: replay.asOf ? new Date(replay.asOf) : null,
        },
        { databaseUrl: this.config.databaseUrl, heapMb: this.config.replayHeapMb },
        (processed, total) => this.store.progress(replayId, processed, total),
      ).catch(async (error: unknown) => {
        if (!(error instanceof ReplayHeapExceeded)) throw error;
        await this.store.fail(replayId, error.message);
        throw new UnrecoverableError(error.message);
      });
      await this.store.finish(replayId, result, stats);
      replayDuration.observe(stats.durationMs / 1000);
      return 'done';
    });
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ replayId: string }> | undefined, error: Error): Promise<void> {
    if (!job) return;
    this.logger.warn(
      `replay ${job.data.replayId} attempt ${job.attemptsMade} failed: ${error.message}`,
    );
    if (job.attemptsMade >= REPLAY_ATTEMPTS) {
      await this.store.fail(job.data.replayId, error.message).catch(() => undefined);
    }
  }
}
