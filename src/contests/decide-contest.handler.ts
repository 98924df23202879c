import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { acceptedReplyOf, ContestCommand, ContestEvent } from '@contest/domain';
import { DataSource } from 'typeorm';
import { CommandEnvelope } from '../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../command-log/command-pipeline';
import { ContestDecisionPort } from './contest-decision.port';
import { ContestStateKeys, ContestStateRepository } from './contest-state.repository';
import { FinalizationScheduler } from './finalize-contest/finalization.scheduler';

/** Any contest command, on its way to its decider. */
export class DecideContestCommand extends Command<CommandOutcome<ContestEvent>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly command: ContestCommand,
  ) {
    super();
  }
}

/**
 * Decides contest commands one contest at a time (docs/DESIGN.md invariant 5): the stream is the
 * contest's, found through the entry or comment a command names, and its commands share the
 * contest's group commit in the command pipeline.
 */
@CommandHandler(DecideContestCommand)
export class DecideContestHandler implements ICommandHandler<DecideContestCommand> {
  private readonly logger = new Logger('contests');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pipeline: CommandPipeline,
    private readonly port: ContestDecisionPort,
    private readonly state: ContestStateRepository,
    private readonly finalization: FinalizationScheduler,
  ) {}

  async execute({
    envelope,
    command,
  }: DecideContestCommand): Promise<CommandOutcome<ContestEvent>> {
    const keys = stateKeysOf(command);
    const contestId =
      keys.contestId ?? (await this.state.contestOf(this.dataSource.manager, keys)) ?? undefined;
    const streamKey = contestId
      ? `contest:${contestId}`
      : `entry:${keys.entryId ?? keys.commentId}`;
    const outcome = await this.pipeline.submit({
      envelope: { ...envelope, streamKey },
      port: this.port,
      command: { command, contestId, keys: { ...keys, contestId } },
      acceptedBody: () => acceptedReplyOf(command),
    });
    for (const event of outcome.decision.events) {
      if (event.type === 'ContestCreated') {
        this.finalization
          .schedule(event.contestId, new Date(event.votingClosesAt))
          .catch((error: unknown) =>
            this.logger.warn(
              `finalization of ${event.contestId} not scheduled (${String(error)}); the sweep will do it`,
            ),
          );
      }
    }
    return outcome;
  }
}

function stateKeysOf(command: ContestCommand): ContestStateKeys {
  switch (command.type) {
    case 'CreateContest':
      return {
        contestId: command.contestId,
        userId: command.owner.userId,
        rulesetId: command.rulesetId,
      };
    case 'CloseContest':
    case 'FinalizeContest':
      return { contestId: command.contestId };
    case 'SubmitEntry':
      return { contestId: command.contestId, userId: command.author.userId };
    case 'WithdrawEntry':
      return { entryId: command.entryId, userId: command.actor.userId };
    case 'CastVote':
    case 'RetractVote':
      return { entryId: command.entryId, userId: command.voter.userId };
    case 'AddComment':
      return { entryId: command.entryId, userId: command.author.userId };
    case 'DeleteComment':
      return { commentId: command.commentId };
    case 'RecordView':
      return { entryId: command.entryId };
    case 'ChangeContestRuleset':
      return { contestId: command.contestId, rulesetId: command.rulesetId };
  }
}
