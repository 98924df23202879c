import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideIdentity, IdentityEvent, LogOut } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { userStream } from '../../command-log/command-routes';
import { IdentityStateRepository } from '../identity-state.repository';

export class LogOutCommand extends Command<CommandOutcome<IdentityEvent>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly logout: LogOut,
  ) {
    super();
  }
}

@CommandHandler(LogOutCommand)
export class LogOutHandler implements ICommandHandler<LogOutCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly state: IdentityStateRepository,
  ) {}

  execute({ envelope, logout }: LogOutCommand) {
    return this.pipeline.execute(envelope, {
      lockKeys: [userStream(logout.userId)],
      acceptedStatus: 204,
      load: (tx) => this.state.load(tx, { userId: logout.userId }),
      decide: (state) => decideIdentity(logout, state),
      persist: (tx, events, state) => this.state.save(tx, events, state),
    });
  }
}
