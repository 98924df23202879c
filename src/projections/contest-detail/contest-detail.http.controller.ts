import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { oneRowReply } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { ContestDetailReader } from './contest-detail.reader';

@ApiTags('views')
@Controller('contests')
export class ContestDetailController {
  constructor(
    private readonly contests: ContestDetailReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':contestId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One contest (view: contest-detail)' })
  @ApiOkResponse({
    description:
      '{ contestId, title, description, category, owner, status, schedule, counts, ruleset, position }',
  })
  async detail(
    @Param('contestId', UuidParam) contestId: string,
    @Query() query: ViewReadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const position = await this.freshness.stamp(reply, 'contest-detail', query);
    const contest = await this.contests.find(contestId);
    return oneRowReply(contest, position, `No contest has the id ${contestId}.`);
  }
}
