import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { oneRowReply } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { EntryDetailReader } from './entry-detail.reader';
import { EntryDetail } from './entry-detail.reply.dto';

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
    summary: 'One entry',
    description:
      'The entry with its counts, score and rank (those of the standings) and its 5 newest ' +
      'comments, read from the entry-detail view. A withdrawn entry keeps its counts but has ' +
      'no score and no rank. An id the view does not hold is 404.',
  })
  @ApiOkResponse({ type: EntryDetail, description: 'The entry' })
  @Refuses('NOT_FOUND')
  async detail(
    @Param('entryId', UuidParam) entryId: string,
    @Query() query: ViewReadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EntryDetail> {
    const position = await this.freshness.stamp(reply, 'entry-detail', query);
    const entry = await this.entries.find(entryId);
    return oneRowReply(entry, position, `No entry has the id ${entryId}.`);
  }
}
