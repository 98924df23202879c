import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { encodeCommand, IdentityEvent } from '@contest/domain';
import { DataSource } from 'typeorm';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { IdentityStateRepository } from '../identity-state.repository';
import { PasswordHasher } from '../password-hasher';
import { SessionStore } from '../sessions/session.store';
import { IdentityDecisionPort, identityLocks } from '../identity-decision.port';

export class LogInCommand extends Command<CommandOutcome<IdentityEvent>> {
  constructor(
    /** Its payload holds the username; the handler adds whether the password matched. */
    readonly envelope: CommandEnvelope,
    readonly username: string,
    /**
     * A password to check against the stored hash (never stored or logged), or, for a
     * generated history, whether it matched: such a login opens no session.
     */
    readonly credentials: { readonly password: string } | { readonly passwordMatched: boolean },
  ) {
    super();
  }
}

/**
 * A login's session is opened inside its command's transaction, before the commit, and closed
 * again if the commit fails: the log and the client agree on every login. A login whose
 * session cannot be opened is logged as refused with SESSION_STORE_UNAVAILABLE.
 */
@CommandHandler(LogInCommand)
export class LogInHandler implements ICommandHandler<LogInCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly dataSource: DataSource,
    private readonly state: IdentityStateRepository,
    private readonly identity: IdentityDecisionPort,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ envelope, username, credentials }: LogInCommand) {
    // The password is checked before the decider runs: its outcome, never the secret, goes in.
    const passwordMatches =
      'password' in credentials
        ? await this.hasher.matches(
            await this.state.passwordHashOf(this.dataSource.manager, username),
            credentials.password,
          )
        : credentials.passwordMatched;
    const login = {
      type: 'LogIn',
      receivedAt: envelope.receivedAt,
      username,
      passwordMatches,
    } as const;
    let opened: { token: string; userId: string } | null = null;
    return this.pipeline.submit({
      // A reply holding a token is never kept, so a login takes no Idempotency-Key.
      envelope: {
        ...envelope,
        payload: encodeCommand(login).payload,
        metadata: { ...envelope.metadata, idempotencyKey: null },
      },
      port: this.identity,
      command: { command: login },
      lockKeys: identityLocks(login),
      acceptedBody: async (_events, state) => {
        const { current } = state;
        const account = current.accountsById.get(current.userIdsByUsername.get(username) ?? '');
        if (!account) throw new Error(`login of ${username} accepted without an account`);
        const { roles, userId } = account;
        if (!('password' in credentials)) return { userId, roles };
        const session = await this.sessions.open({ userId, username, roles }, login.receivedAt);
        opened = { token: session.token, userId };
        return { ...session, userId, roles };
      },
      undo: async () => {
        if (opened) await this.sessions.close(opened.token, opened.userId);
      },
    });
  }
}
