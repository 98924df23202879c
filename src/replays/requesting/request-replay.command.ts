import { InjectQueue } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  accept,
  acceptedReplyOf,
  ReplayRequested,
  RequestReplay,
  RulesetRecord,
} from '@contest/domain';
import { Queue } from 'bullmq';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { REPLAY_QUEUE } from '../../platform/queues/queue-names';
import { ReplayStore } from '../replay-store';
import { replayJobOptions } from '../replay.queue';

export class RequestReplayCommand extends Command<CommandOutcome<ReplayRequested>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RequestReplay,
    /** The candidate ruleset the request names, as validated at the edge (null: the live rules). */
    readonly candidate: RulesetRecord | null,
  ) {
    super();
  }
}

/**
 * Logs the request and stores the replay as queued in the same transaction; a worker runs it.
 * A lost enqueue is not lost work: workers pick up queued replays when they start.
 */
@CommandHandler(RequestReplayCommand)
export class RequestReplayHandler implements ICommandHandler<RequestReplayCommand> {
  private readonly logger = new Logger('replays');

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly store: ReplayStore,
    @InjectQueue(REPLAY_QUEUE) private readonly queue: Queue,
  ) {}

  async execute({ envelope, request, candidate }: RequestReplayCommand) {
    const { replayId, contestId, asOf } = request;
    const outcome = await this.pipeline.execute(envelope, {
      lockKeys: [`replay:${replayId}`],
      load: async () => null,
      decide: () =>
        accept<ReplayRequested>({
          type: 'ReplayRequested',
          replayId,
          contestId,
          ruleset: candidate,
          asOf: asOf?.toISOString() ?? null,
        }),
      persist: (tx) =>
        this.store.create(tx, {
          replayId,
          contestId,
          ruleset: candidate,
          asOf,
          requestedBy: request.requestedBy,
          at: request.receivedAt,
        }),
      acceptedBody: () => acceptedReplyOf(request),
    });
    await this.queue
      .add('replay', { replayId }, replayJobOptions(replayId))
      .catch((error: unknown) => {
        this.logger.warn(
          `replay ${replayId} not enqueued (${String(error)}); a worker will pick it up at start`,
        );
      });
    return outcome;
  }
}
