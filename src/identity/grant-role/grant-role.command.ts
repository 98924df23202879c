import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { acceptedReplyOf, GrantRole, IdentityEvent } from '@contest/domain';
import { DataSource } from 'typeorm';
import { CommandEnvelope } from '../../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../../command-log/command-pipeline';
import { currentRoles } from '../auth/bearer-session';
import { SessionStore } from '../sessions/session.store';
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
    private readonly dataSource: DataSource,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ envelope, grant }: GrantRoleCommand) {
    const outcome = await this.pipeline.submit({
      envelope,
      port: this.identity,
      command: { command: grant },
      lockKeys: identityLocks(grant),
      acceptedBody: () => acceptedReplyOf(grant),
    });
    if (outcome.decision.events.some((e) => e.type === 'RoleGranted')) {
      // Best effort after the commit: if the session store is down, the roles apply at the
      // next login (every guarded request reads them from Postgres anyway).
      const roles = await currentRoles(this.dataSource, grant.userId);
      await this.sessions.updateRoles(grant.userId, roles).catch(() => undefined);
    }
    return outcome;
  }
}
