import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { oneRowReply } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { EntryDetailReader } from './entry-detail.reader';

@ApiTags('views')
@Controller('entries')
export class EntryDetailController {
  constructor(
    private readonly entries: EntryDetailReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':entryId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'One entry with its score, rank and recent comments (view: entry-detail)',
  })
  @ApiOkResponse({
    description:
      '{ entryId, contestId, title, videoUrl, author, status, counts, score, rank, recentComments, position }',
  })
  async detail(
    @Param('entryId', UuidParam) entryId: string,
    @Query() query: ViewReadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const position = await this.freshness.stamp(reply, 'entry-detail', query);
    const entry = await this.entries.find(entryId);
    return oneRowReply(entry, position, `No entry has the id ${entryId}.`);
  }
}
