import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { commandReply } from '../../command-log/http/command-reply';
import { envelopeFromRequest } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { RequireRoles } from '../auth/access.decorators';
import { currentRoles } from '../auth/bearer-session';
import { SessionStore } from '../sessions/session.store';
import { GrantRoleCommand } from './grant-role.command';
import { GrantRoleRequest } from './grant-role.request.dto';

@ApiTags('identity')
@Controller('admin/users')
export class GrantRoleController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dataSource: DataSource,
    private readonly sessions: SessionStore,
  ) {}

  @Post(':userId/roles')
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Grant a role to a user (admin; USER_NOT_FOUND)' })
  @ApiOkResponse({ description: '{ userId, role, commandId, position }' })
  async grant(
    @Param('userId', UuidParam) userId: string,
    @Body() body: GrantRoleRequest,
    @Req() request: FastifyRequest,
  ) {
    const ctx = requestContext(request);
    const actor = ctx.actor!;
    const envelope = envelopeFromRequest(request, { payload: { userId, role: body.role } });
    const outcome = await this.commandBus.execute(
      new GrantRoleCommand(envelope, {
        type: 'GrantRole',
        receivedAt: ctx.receivedAt,
        actorId: actor.userId,
        actorRoles: actor.roles,
        userId,
        role: body.role,
      }),
    );
    const reply = commandReply(request, outcome);
    const granted = outcome.decision.events.find((e) => e.type === 'RoleGranted');
    if (granted) {
      const roles = await currentRoles(this.dataSource, userId);
      // Best effort after the commit: if Redis is down, the roles apply at the next login.
      await this.sessions.updateRoles(userId, roles).catch(() => undefined);
    }
    return reply;
  }
}
