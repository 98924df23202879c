import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';

@ApiTags('contests')
@Controller('contests')
export class CloseContestController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':contestId/close')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Close a contest early (owner or admin; NOT_CONTEST_OWNER, CONTEST_CLOSED)',
  })
  @ApiOkResponse({ description: '{ contestId, commandId, position }' })
  close(@Param('contestId', UuidParam) contestId: string, @Req() request: FastifyRequest) {
    return this.contests.send(request, {
      type: 'CloseContest',
      receivedAt: receivedAtOf(request),
      contestId,
      actor: actorOf(request),
    });
  }
}
