import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { accept, DeadLetterRetried, DeadLetterSkipped, Decision, reject } from '@contest/domain';
import { DataSource } from 'typeorm';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { ProjectionRunner } from '../../projections/runtime/projection-runner';
import { Projector, PROJECTORS } from '../../projections/runtime/projector';
import { deadLetterById } from './dead-letters.reader';

export type DeadLetterAction = 'retry' | 'skip';

/** What resolving a parked row records. */
type DeadLetterResolved = DeadLetterRetried | DeadLetterSkipped;

export class ResolveDeadLetterCommand extends Command<CommandOutcome<DeadLetterResolved>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly id: number,
    readonly action: DeadLetterAction,
  ) {
    super();
  }
}

/** Retries a parked row once, or skips it for good: RetryDeadLetter and SkipDeadLetter. */
@CommandHandler(ResolveDeadLetterCommand)
export class ResolveDeadLetterHandler implements ICommandHandler<ResolveDeadLetterCommand> {
  private readonly byName: ReadonlyMap<string, Projector>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly pipeline: CommandPipeline,
    private readonly runner: ProjectionRunner,
    @Inject(PROJECTORS) projectors: readonly Projector[],
  ) {
    this.byName = new Map(projectors.map((p) => [p.name, p]));
  }

  async execute({ envelope, id, action }: ResolveDeadLetterCommand) {
    // Which projection the row is parked in decides the lock, so it is read before locking.
    const letter = await deadLetterById(this.dataSource.manager, id);
    const projector = letter ? this.byName.get(letter.projection) : undefined;
    return this.pipeline.execute(envelope, {
      // The projection's runner lock: no batch runs while a parked row is dealt with.
      lockKeys: projector ? [`projection:${projector.name}`] : [`dead-letter:${id}`],
      load: (tx) => deadLetterById(tx, id),
      decide: (current): Decision<DeadLetterResolved> => {
        if (!current || !projector)
          return reject('DEAD_LETTER_NOT_FOUND', `No dead letter has the id ${id}.`);
        if (current.status !== 'parked')
          return reject('DEAD_LETTER_RESOLVED', `Dead letter ${id} was already ${current.status}.`);
        return accept({
          type: action === 'retry' ? 'DeadLetterRetried' : 'DeadLetterSkipped',
          id,
          projection: current.projection,
          position: current.position,
        });
      },
      persist: async (tx, _events, current) => {
        if (action === 'retry') await this.runner.retryParked(tx, projector!, current!.position);
        else await this.runner.skipParked(tx, projector!, current!.position);
      },
      acceptedBody: () => ({ id, action }),
    });
  }
}
