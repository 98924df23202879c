import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { decodeCursor, PageQuery } from '../runtime/page.query.dto';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { pageReply } from '../runtime/view-read';
import { ContestListReader, ContestStatus } from './contest-list.reader';

class ContestListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'voting', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'voting', 'closed'], { message: 'status must be open, voting or closed' })
  status?: ContestStatus;

  @ApiPropertyOptional({ example: 'music' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'category must be 1-40 characters of a-z, 0-9 and -' })
  category?: string;
}

@ApiTags('views')
@Controller('contests')
export class ContestListController {
  constructor(
    private readonly contests: ContestListReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Contests, newest first, by status and category (view: contest-list)' })
  @ApiOkResponse({
    description:
      '{ items: [{ contestId, title, category, status, entryCount, voteCount, leader, ... }], nextCursor, position }',
  })
  async list(@Query() query: ContestListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const position = await this.freshness.stamp(reply, 'contest-list', query);
    const page = await this.contests.page({
      status: query.status,
      category: query.category,
      after: decodeCursor(query.cursor, ['time', 'uuid']),
      limit: query.limit ?? 20,
    });
    return pageReply(page, position);
  }
}
