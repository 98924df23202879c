import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideIdentity, IdentityEvent, RegisterUser, UserRegistered } from '@contest/domain';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { usernameStream } from '../../command-log/command-routes';
import { IdentityStateRepository } from '../identity-state.repository';
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
    private readonly state: IdentityStateRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ envelope, registration, password, precomputedHash }: RegisterUserCommand) {
    // Hashing is slow on purpose; done before the transaction so no lock waits for it.
    const passwordHash = precomputedHash ?? (await this.hasher.hash(password));
    const { username, email } = registration;
    return this.pipeline.execute(envelope, {
      lockKeys: [usernameStream(username), `email:${email}`],
      load: (tx) => this.state.load(tx, { username, email }),
      decide: (state) => decideIdentity(registration, state),
      persist: async (tx, events, state) => {
        await this.state.save(tx, events, state);
        const registered = events.find((e): e is UserRegistered => e.type === 'UserRegistered');
        if (registered) await this.state.saveCredentials(tx, registered.userId, passwordHash);
      },
      acceptedBody: () => ({ userId: registration.userId }),
    });
  }
}
