import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CommandEnvelope } from '../command-log/command-envelope';
import { usernameStream } from '../command-log/command-routes';
import { uuidv7 } from '../command-log/uuid-v7';
import { LogInCommand } from '../identity/log-in/log-in.command';
import { RegisterUserCommand } from '../identity/register-user/register-user.command';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';

/** Demo accounts; all share DEMO_PASSWORD, which the README prints. */
const DEMO_USERS = [
  { username: 'maya_bikes', displayName: 'Maya (bike stunts)' },
  { username: 'leo_airguitar', displayName: 'Leo (air guitar)' },
  { username: 'sam_skates', displayName: 'Sam (skateboarding)' },
  { username: 'ivy_juggles', displayName: 'Ivy (juggling)' },
];
export const DEMO_PASSWORD = 'demo-password-123';

/**
 * With SEED_DEMO=true and no accounts but the bootstrap admin, writes a small demo history
 * through the real command path: registrations, a mistyped password, successful logins.
 */
@Injectable()
export class DemoSeed {
  private readonly logger = new Logger('demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly commandBus: CommandBus,
  ) {}

  async seedIfEmpty(): Promise<void> {
    if (!this.config.seedDemo) return;
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE NOT ('admin' = ANY (roles))`,
    );
    if (n > 0) return;
    for (const user of DEMO_USERS) {
      const userId = uuidv7();
      const email = `${user.username}@demo.invalid`;
      const payload = { userId, username: user.username, email, displayName: user.displayName };
      const register = envelope('RegisterUser', user.username, payload);
      await this.commandBus.execute(
        new RegisterUserCommand(
          register,
          { type: 'RegisterUser', receivedAt: register.receivedAt, ...payload, initialRoles: [] },
          DEMO_PASSWORD,
        ),
      );
      for (const passwordMatches of [false, true]) {
        const login = envelope('LogIn', user.username, {
          username: user.username,
          passwordMatches,
        });
        await this.commandBus.execute(
          new LogInCommand(login, {
            type: 'LogIn',
            receivedAt: login.receivedAt,
            username: user.username,
            passwordMatches,
          }),
        );
      }
    }
    this.logger.log(`seeded ${DEMO_USERS.length} demo users (password: see README)`);
  }
}

function envelope(
  type: string,
  username: string,
  payload: Record<string, unknown>,
): CommandEnvelope {
  const commandId = uuidv7();
  return {
    commandId,
    type,
    actorId: null,
    streamKey: usernameStream(username),
    receivedAt: new Date(),
    payload,
    metadata: {
      correlationId: `demo-${commandId}`,
      causationId: null,
      idempotencyKey: null,
      clientAddress: null,
      userAgent: 'demo-seed',
    },
  };
}
