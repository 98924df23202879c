import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityEvent, LogOut } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { SessionStore } from '../sessions/session.store';
import { IdentityDecisionPort, identityLocks } from '../identity-decision.port';

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
    private readonly identity: IdentityDecisionPort,
    private readonly sessions: SessionStore,
  ) {}

  execute({ envelope, logout, token }: LogOutCommand) {
    return this.pipeline.submit({
      envelope,
      port: this.identity,
      command: { command: logout },
      lockKeys: identityLocks(logout),
      // Closed before the commit: a logout the log holds never leaves its session open.
      acceptedBody: async () => {
        await this.sessions.close(token, logout.userId);
        return {};
      },
    });
  }
}
