import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { commandEnvelope } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { RequireRoles } from '../auth/access.decorators';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { GrantRoleCommand } from './grant-role.command';
import { RoleGrantedReply } from './grant-role.reply.dto';
import { GrantRoleRequest } from './grant-role.request.dto';

@ApiTags('identity')
@Controller('admin/users')
export class GrantRoleController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':userId/roles')
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Grant a role to a user',
    description:
      'Granting a role the user already holds is accepted and changes nothing. The role counts ' +
      'in the sessions already open.',
  })
  @ApiOkResponse({ type: RoleGrantedReply, description: 'The user holds the role' })
  @Refuses('USER_NOT_FOUND')
  async grant(
    @Param('userId', UuidParam) userId: string,
    @Body() body: GrantRoleRequest,
    @Req() request: FastifyRequest,
  ) {
    const ctx = requestContext(request);
    const grant = {
      type: 'GrantRole',
      receivedAt: ctx.receivedAt,
      actorId: ctx.actor!.userId,
      actorRoles: ctx.actor!.roles,
      userId,
      role: body.role,
    } as const;
    const outcome = await this.commandBus.execute(
      new GrantRoleCommand(commandEnvelope(request, grant), grant),
    );
    return commandReply(request, outcome);
  }
}
