import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { CreateContestRequest } from './create-contest.request.dto';

@ApiTags('contests')
@Controller('contests')
export class CreateContestController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post()
  @HttpCode(201)
  @SignedIn()
  @ApiOperation({ summary: 'Create a contest (INVALID_SCHEDULE, RULESET_NOT_FOUND)' })
  @ApiCreatedResponse({ description: '{ contestId, commandId, position }' })
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
