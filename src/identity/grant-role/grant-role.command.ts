import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { GrantRole, IdentityEvent } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { IdentityDecisionPort, identityLocks } from '../identity-decision.port';

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
    private readonly identity: IdentityDecisionPort,
  ) {}

  execute({ envelope, grant }: GrantRoleCommand) {
    return this.pipeline.submit({
      envelope,
      port: this.identity,
      command: { command: grant },
      lockKeys: identityLocks(grant),
      acceptedBody: () => ({ userId: grant.userId, role: grant.role }),
    });
  }
}
