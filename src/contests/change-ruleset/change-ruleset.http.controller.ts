import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ContestRulesetChangedReply } from './change-ruleset.reply.dto';

class ChangeRulesetRequest {
  @ApiProperty({
    example: 'standard-v1',
    minLength: 1,
    maxLength: 64,
    description: 'A stored ruleset (GET /admin/rulesets)',
  })
  @IsString()
  @Length(1, 64)
  rulesetId: string;
}

@ApiTags('rulesets')
@Controller('contests')
export class ChangeRulesetController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':contestId/ruleset')
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Switch a live contest to another ruleset',
    description:
      'New commands are decided with its acceptance policies; the live standings are re-scored over the whole history.',
  })
  @ApiOkResponse({
    type: ContestRulesetChangedReply,
    description: 'The contest is decided and scored with the ruleset from now on',
  })
  @Refuses('CONTEST_NOT_FOUND', 'RULESET_NOT_FOUND', 'CONTEST_CLOSED', 'CONTEST_FINALIZED')
  change(
    @Param('contestId', UuidParam) contestId: string,
    @Body() body: ChangeRulesetRequest,
    @Req() request: FastifyRequest,
  ) {
    return this.contests.send(request, {
      type: 'ChangeContestRuleset',
      receivedAt: receivedAtOf(request),
      contestId,
      rulesetId: body.rulesetId,
      actor: actorOf(request),
    });
  }
}
