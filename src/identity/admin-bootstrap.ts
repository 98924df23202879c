import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainCommand, SYSTEM_ACTOR } from '@contest/domain';
import { CommandEnvelope, envelopeOfCommand } from '../command-log/command-envelope';
import { CommandPipeline } from '../command-log/command-pipeline';
import { usernameStream, userStream } from '../command-log/command-routes';
import { uuidv7 } from '../platform/ids/uuid-v7';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { PasswordHasher } from './password-hasher';
import { IdentityDecisionPort, identityLocks } from './identity-decision.port';

/**
 * The first admin comes from ADMIN_USERNAME / ADMIN_PASSWORD. It is registered (or granted
 * the admin role) through the same pipeline as everything else, as commands of `system`.
 */
@Injectable()
export class AdminBootstrap {
  private readonly logger = new Logger('identity');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly pipeline: CommandPipeline,
    private readonly identity: IdentityDecisionPort,
    private readonly hasher: PasswordHasher,
  ) {}

  async ensureAdmin(): Promise<void> {
    const admin = this.config.admin;
    if (admin === null) return;
    const rows: { user_id: string; roles: string[] }[] = await this.dataSource.query(
      `SELECT user_id, roles FROM users WHERE username = $1`,
      [admin.username],
    );
    if (rows[0]?.roles.includes('admin')) return;
    if (rows.length === 0) {
      await this.register(admin.username, admin.password);
    } else {
      await this.grantAdmin(rows[0].user_id);
    }
  }

  private async register(username: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    const userId = uuidv7();
    const command = {
      type: 'RegisterUser',
      receivedAt: new Date(),
      userId,
      username,
      email: `${username}@admin.invalid`,
      displayName: username,
      initialRoles: ['admin'],
    } as const;
    const envelope = bootstrapEnvelope(command, usernameStream(username));
    const outcome = await this.pipeline.submit({
      envelope,
      port: this.identity,
      command: { command, passwordHash },
      lockKeys: identityLocks(command),
    });
    this.logger.log(
      `bootstrap admin "${username}": ${outcome.decision.status} at position ${outcome.position}`,
    );
  }

  private async grantAdmin(userId: string): Promise<void> {
    const command = {
      type: 'GrantRole',
      receivedAt: new Date(),
      actorId: SYSTEM_ACTOR,
      actorRoles: ['admin'],
      userId,
      role: 'admin',
    } as const;
    const envelope = bootstrapEnvelope(command, userStream(userId));
    await this.pipeline.submit({
      envelope,
      port: this.identity,
      command: { command },
      lockKeys: identityLocks(command),
    });
    this.logger.log(`granted admin to the bootstrap user ${userId}`);
  }
}

/** The bootstrap's commands are the platform's own: their actor is `system`. */
function bootstrapEnvelope(command: DomainCommand, streamKey: string): CommandEnvelope {
  return envelopeOfCommand(command, {
    streamKey,
    source: 'admin-bootstrap',
    actorId: SYSTEM_ACTOR,
  });
}
