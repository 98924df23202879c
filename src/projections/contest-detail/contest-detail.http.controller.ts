import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { oneRowReply } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { ContestDetailReader } from './contest-detail.reader';
import { ContestDetail } from './contest-detail.reply.dto';

@ApiTags('views')
@Controller('contests')
export class ContestDetailController {
  constructor(
    private readonly contests: ContestDetailReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':contestId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'One contest',
    description:
      'Its schedule, owner, ruleset and raw activity counts, read from the contest-detail view. ' +
      'An id the view does not hold is 404, also just after the contest was created: pass the ' +
      "command's position as minPosition to read your write.",
  })
  @ApiOkResponse({ type: ContestDetail, description: 'The contest' })
  @Refuses('NOT_FOUND')
  async detail(
    @Param('contestId', UuidParam) contestId: string,
    @Query() query: ViewReadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContestDetail> {
    const position = await this.freshness.stamp(reply, 'contest-detail', query);
    const contest = await this.contests.find(contestId);
    return oneRowReply(contest, position, `No contest has the id ${contestId}.`);
  }
}
