import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideIdentity, IdentityEvent, LogOut } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { userStream } from '../../command-log/command-routes';
import { IdentityStateRepository } from '../identity-state.repository';
import { SessionStore } from '../sessions/session.store';

export class LogOutCommand extends Command<CommandOutcome<IdentityEvent>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly logout: LogOut,
    /** The bearer token whose session ends, before the commit. */
    readonly token: string,
  ) {
    super();
  }
}

@CommandHandler(LogOutCommand)
export class LogOutHandler implements ICommandHandler<LogOutCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly state: IdentityStateRepository,
    private readonly sessions: SessionStore,
  ) {}

  execute({ envelope, logout, token }: LogOutCommand) {
    return this.pipeline.execute(envelope, {
      lockKeys: [userStream(logout.userId)],
      load: (tx) => this.state.load(tx, { userId: logout.userId }),
      decide: (state) => decideIdentity(logout, state),
      persist: (tx, events, state) => this.state.save(tx, events, state),
      // Closed before the commit: a logout the log holds never leaves its session open.
      acceptedBody: async () => {
        await this.sessions.close(token, logout.userId);
        return {};
      },
    });
  }
}
