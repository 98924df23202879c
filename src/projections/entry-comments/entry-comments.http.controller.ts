import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { decodeCursor, PageQuery } from '../runtime/page.query.dto';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { pageReply } from '../runtime/view-read';
import { EntryCommentsReader } from './entry-comments.reader';
import { EntryCommentPage } from './entry-comments.reply.dto';

@ApiTags('views')
@Controller('entries')
export class EntryCommentsController {
  constructor(
    private readonly thread: EntryCommentsReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':entryId/comments')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "An entry's comments",
    description:
      'Newest first, in cursor pages, deleted comments left out; read from the entry-comments ' +
      'view. An entry the view holds no comment of, known or not, has an empty page.',
  })
  @ApiOkResponse({ type: EntryCommentPage, description: 'A page of comments' })
  async comments(
    @Param('entryId', UuidParam) entryId: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EntryCommentPage> {
    const position = await this.freshness.stamp(reply, 'entry-comments', query);
    const after = decodeCursor(query.cursor, ['time', 'uuid']);
    const page = await this.thread.page(entryId, after, query.limit ?? 20);
    return pageReply(page, position);
  }
}
