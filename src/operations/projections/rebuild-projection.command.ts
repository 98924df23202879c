import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { accept, Decision, ProjectionRebuildRequested, reject } from '@contest/domain';
import { Queue } from 'bullmq';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { REBUILD_QUEUE } from '../../platform/queues/queue-names';
import { Projector, PROJECTORS } from '../../projections/runtime/projector';
import { rebuildJobOptions } from '../rebuilds/rebuild.queue';

export class RebuildProjectionCommand extends Command<CommandOutcome<ProjectionRebuildRequested>> {
  constructor(
    readonly envelope: CommandEnvelope,
    /** The projection's name as the route named it, checked by the decision. */
    readonly name: string,
  ) {
    super();
  }
}

/**
 * Logs a rebuild request and marks the checkpoint `rebuilding`; the worker role's rebuild job
 * (ProjectionRebuilder) does the work.
 */
@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand> {
  private readonly byName: ReadonlyMap<string, Projector>;
  private readonly logger = new Logger('projections');

  constructor(
    private readonly pipeline: CommandPipeline,
    @InjectQueue(REBUILD_QUEUE) private readonly rebuilds: Queue,
    @Inject(PROJECTORS) projectors: readonly Projector[],
  ) {
    this.byName = new Map(projectors.map((p) => [p.name, p]));
  }

  async execute({ envelope, name }: RebuildProjectionCommand) {
    const projector = this.byName.get(name);
    const outcome = await this.pipeline.execute(envelope, {
      lockKeys: [`rebuild:${name}`],
      // The checkpoint's status is the record of a rebuild, shared by every API process.
      load: async (tx) => {
        const [row]: { status: string }[] = await tx.query(
          `SELECT status FROM projection_checkpoints WHERE projection = $1`,
          [name],
        );
        return row?.status ?? null;
      },
      decide: (status): Decision<ProjectionRebuildRequested> => {
        if (!projector)
          return reject('PROJECTION_NOT_FOUND', `No projection is named ${name.slice(0, 64)}.`);
        if (status === 'rebuilding')
          return reject('REBUILD_RUNNING', `${name} is being rebuilt already.`);
        return accept({ type: 'ProjectionRebuildRequested', projection: name });
      },
      persist: async (tx) => {
        await tx.query(
          `UPDATE projection_checkpoints SET status = 'rebuilding' WHERE projection = $1`,
          [name],
        );
      },
      acceptedBody: () => ({ projection: name }),
    });
    if (outcome.decision.status === 'accepted') {
      // On the worker role: the reply does not wait for a rebuild of the whole log. Should
      // Redis refuse the job, a worker's sweep queues it from the status recorded above.
      await this.rebuilds
        .add(name, {}, rebuildJobOptions(name))
        .catch((error: Error) =>
          this.logger.warn(
            `${name}: rebuild not queued (${error.message}); a worker will queue it`,
          ),
        );
    }
    return outcome;
  }
}
