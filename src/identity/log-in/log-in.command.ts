import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideIdentity, IdentityEvent, IdentityState, LogIn } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { usernameStream } from '../../command-log/command-routes';
import { IdentityStateRepository } from '../identity-state.repository';

export interface LogInOutcome extends CommandOutcome<IdentityEvent> {
  /** The account as the decider saw it, for the reply (roles) and the session. */
  readonly state: IdentityState;
}

export class LogInCommand extends Command<LogInOutcome> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly login: LogIn,
  ) {
    super();
  }
}

@CommandHandler(LogInCommand)
export class LogInHandler implements ICommandHandler<LogInCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly state: IdentityStateRepository,
  ) {}

  async execute({ envelope, login }: LogInCommand): Promise<LogInOutcome> {
    let loaded: IdentityState | undefined;
    const outcome = await this.pipeline.execute(envelope, {
      lockKeys: [usernameStream(login.username)],
      acceptedStatus: 200,
      load: async (tx) => (loaded = await this.state.load(tx, { username: login.username })),
      decide: (state) => decideIdentity(login, state),
      persist: (tx, events, state) => this.state.save(tx, events, state),
    });
    return { ...outcome, state: loaded! };
  }
}
