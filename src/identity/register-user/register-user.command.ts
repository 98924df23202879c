import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityEvent, RegisterUser } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { IdentityDecisionPort, identityLocks } from '../identity-decision.port';
import { PasswordHasher } from '../password-hasher';

export class RegisterUserCommand extends Command<CommandOutcome<IdentityEvent>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly registration: RegisterUser,
    /** Kept out of the envelope: only its argon2id hash is ever stored, apart from the log. */
    readonly password: string,
    /** A hash made once for many accounts (seeding); skips the deliberately slow hashing. */
    readonly precomputedHash?: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly identity: IdentityDecisionPort,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ envelope, registration, password, precomputedHash }: RegisterUserCommand) {
    // Hashing is slow on purpose; done before the transaction so no lock waits for it.
    const passwordHash = precomputedHash ?? (await this.hasher.hash(password));
    return this.pipeline.submit({
      envelope,
      port: this.identity,
      command: { command: registration, passwordHash },
      lockKeys: identityLocks(registration),
      acceptedBody: () => ({ userId: registration.userId }),
    });
  }
}
