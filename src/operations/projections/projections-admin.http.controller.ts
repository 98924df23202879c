import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { commandEnvelope } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ProjectionRebuildRequestedReply, ProjectionStatus } from './projections-admin.reply.dto';
import { ProjectionsAdminReader } from './projections-admin.reader';
import { RebuildProjectionCommand } from './rebuild-projection.command';

/** Admins see the projections (lag, status, parked rows) and rebuild them. */
@ApiTags('operations')
@Controller('admin')
export class ProjectionsAdminController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly projectionStatus: ProjectionsAdminReader,
  ) {}

  @Get('projections')
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Every projection and how far it is behind the log',
    description:
      'Its version, checkpoint, lag behind the head, status, parked rows and last error.',
  })
  @ApiOkResponse({ type: [ProjectionStatus], description: 'The projections, by name' })
  projections() {
    return this.projectionStatus.all();
  }

  @Post('projections/:name/rebuild')
  @HttpCode(202)
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Rebuild a projection',
    description:
      'A worker builds the next version beside the live one and swaps it in once caught up: ' +
      'reads never see a half-built view.',
  })
  @ApiAcceptedResponse({
    type: ProjectionRebuildRequestedReply,
    description: 'The rebuild is queued; GET /admin/projections shows it rebuilding',
  })
  @Refuses('PROJECTION_NOT_FOUND', 'REBUILD_RUNNING')
  async rebuild(@Param('name') name: string, @Req() request: FastifyRequest) {
    const ctx = requestContext(request);
    const envelope = commandEnvelope(request, {
      type: 'RebuildProjection',
      receivedAt: ctx.receivedAt,
      projection: name,
      requestedBy: ctx.actor!.userId,
    });
    const outcome = await this.commandBus.execute(new RebuildProjectionCommand(envelope, name));
    return commandReply(request, outcome);
  }
}
