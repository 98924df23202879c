import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ContestCreatedReply } from './create-contest.reply.dto';
import { CreateContestRequest } from './create-contest.request.dto';

@ApiTags('contests')
@Controller('contests')
export class CreateContestController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post()
  @HttpCode(201)
  @SignedIn()
  @ApiOperation({
    summary: 'Create a contest',
    description:
      'submissionsCloseAt must be in the future, votingClosesAt after votingOpensAt (which ' +
      'defaults to the creation time), and submissionsCloseAt not after votingClosesAt. The ' +
      'contest is finalized at votingClosesAt. You own it: you may close it early.',
  })
  @ApiCreatedResponse({ type: ContestCreatedReply, description: 'The contest is created' })
  @Refuses('RULESET_NOT_FOUND', 'INVALID_SCHEDULE')
  create(@Body() body: CreateContestRequest, @Req() request: FastifyRequest) {
    return this.contests.send(request, {
      type: 'CreateContest',
      receivedAt: receivedAtOf(request),
      contestId: uuidv7(),
      owner: actorOf(request),
      title: body.title,
      description: body.description ?? '',
      category: body.category,
      submissionsCloseAt: new Date(body.submissionsCloseAt),
      votingOpensAt: body.votingOpensAt ? new Date(body.votingOpensAt) : null,
      votingClosesAt: new Date(body.votingClosesAt),
      rulesetId: body.rulesetId ?? 'standard-v1',
    });
  }
}
