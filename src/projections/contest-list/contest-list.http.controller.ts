import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { decodeCursor, PageQuery } from '../runtime/page.query.dto';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { pageReply } from '../runtime/view-read';
import { ContestListReader, ContestStatus } from './contest-list.reader';
import { ContestPage } from './contest-list.reply.dto';

class ContestListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['open', 'voting', 'closed'],
    description: 'Only contests with this status now (the rule of ContestSummary.status)',
  })
  @IsOptional()
  @IsIn(['open', 'voting', 'closed'], { message: 'status must be open, voting or closed' })
  status?: ContestStatus;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^[a-z0-9-]{1,40}$',
    minLength: 1,
    maxLength: 40,
    example: 'music',
    description: 'Only contests of this category',
  })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'category must be 1-40 characters of a-z, 0-9 and -' })
  category?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    example: 'kazoo',
    description: 'Only contests whose title contains this text, ignoring case',
  })
  @IsOptional()
  @IsString({ message: 'title must be text' })
  @Length(1, 100, { message: 'title must be 1 to 100 characters' })
  title?: string;
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
  @ApiOperation({
    summary: 'List contests',
    description:
      'Newest first, in cursor pages, optionally by status, category and text in the title; ' +
      'read from the contest-list view.',
  })
  @ApiOkResponse({ type: ContestPage, description: 'A page of contests' })
  async list(
    @Query() query: ContestListQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContestPage> {
    const position = await this.freshness.stamp(reply, 'contest-list', query);
    const page = await this.contests.page({
      status: query.status,
      category: query.category,
      title: query.title,
      after: decodeCursor(query.cursor, ['time', 'uuid']),
      limit: query.limit ?? 20,
    });
    return pageReply(page, position);
  }
}
