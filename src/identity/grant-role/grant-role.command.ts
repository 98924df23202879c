import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideIdentity, GrantRole, IdentityEvent } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { userStream } from '../../command-log/command-routes';
import { IdentityStateRepository } from '../identity-state.repository';

export class GrantRoleCommand extends Command<CommandOutcome<IdentityEvent>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly grant: GrantRole,
  ) {
    super();
  }
}

@CommandHandler(GrantRoleCommand)
export class GrantRoleHandler implements ICommandHandler<GrantRoleCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly state: IdentityStateRepository,
  ) {}

  execute({ envelope, grant }: GrantRoleCommand) {
    return this.pipeline.execute(envelope, {
      lockKeys: [userStream(grant.userId)],
      load: (tx) => this.state.load(tx, { userId: grant.userId }),
      decide: (state) => decideIdentity(grant, state),
      persist: (tx, events, state) => this.state.save(tx, events, state),
      acceptedBody: () => ({ userId: grant.userId, role: grant.role }),
    });
  }
}
