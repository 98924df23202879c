import { Body, Controller, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { CastVoteRequest } from './cast-vote.request.dto';
import { VoteCastReply, VoteRetractedReply } from './cast-vote.reply.dto';

@ApiTags('votes')
@Controller('entries')
export class CastVoteController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':entryId/vote')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Vote +1 or -1; the other value replaces your vote',
    description: 'Voting the value you already voted is ALREADY_VOTED.',
  })
  @ApiOkResponse({ type: VoteCastReply, description: 'The vote is counted' })
  @Refuses(
    'ENTRY_NOT_FOUND',
    'ENTRY_WITHDRAWN',
    'VOTING_NOT_OPEN',
    'VOTING_CLOSED',
    'CONTEST_FINALIZED',
    'SELF_VOTE_FORBIDDEN',
    'DOWNVOTES_DISABLED',
    'ALREADY_VOTED',
    'VOTE_LIMIT_REACHED',
    'ACCOUNT_TOO_NEW',
  )
  vote(
    @Param('entryId', UuidParam) entryId: string,
    @Body() body: CastVoteRequest,
    @Req() request: FastifyRequest,
  ) {
    return this.contests.send(request, {
      type: 'CastVote',
      receivedAt: receivedAtOf(request),
      entryId,
      voter: actorOf(request),
      value: body.value,
    });
  }

  @Delete(':entryId/vote')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Take your vote back' })
  @ApiOkResponse({ type: VoteRetractedReply, description: 'The vote no longer counts' })
  @Refuses('ENTRY_NOT_FOUND', 'NO_VOTE_TO_RETRACT', 'VOTING_CLOSED', 'CONTEST_FINALIZED')
  retract(@Param('entryId', UuidParam) entryId: string, @Req() request: FastifyRequest) {
    return this.contests.send(request, {
      type: 'RetractVote',
      receivedAt: receivedAtOf(request),
      entryId,
      voter: actorOf(request),
    });
  }
}
