import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ContestClosedReply } from './close-contest.reply.dto';

@ApiTags('contests')
@Controller('contests')
export class CloseContestController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':contestId/close')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Close a contest early',
    description:
      'For its owner or an admin (not moderators). From the close on, the contest takes no ' +
      'entries, votes, comments or views; its standings are final.',
  })
  @ApiOkResponse({ type: ContestClosedReply, description: 'The contest is closed' })
  @Refuses('CONTEST_NOT_FOUND', 'NOT_CONTEST_OWNER', 'CONTEST_CLOSED', 'CONTEST_FINALIZED')
  close(@Param('contestId', UuidParam) contestId: string, @Req() request: FastifyRequest) {
    return this.contests.send(request, {
      type: 'CloseContest',
      receivedAt: receivedAtOf(request),
      contestId,
      actor: actorOf(request),
    });
  }
}
