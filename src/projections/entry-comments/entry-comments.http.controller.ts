import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { decodeCursor, encodeCursor, PageQuery } from '../runtime/page.query.dto';
import { ProjectionFreshness } from '../runtime/projection-freshness';

interface CommentRow {
  comment_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
}

@ApiTags('views')
@Controller('entries')
export class EntryCommentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':entryId/comments')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "An entry's comments, newest first, in cursor pages (view: entry-comments)",
  })
  @ApiOkResponse({
    description:
      '{ items: [{ commentId, authorId, authorName, body, createdAt }], nextCursor, position }',
  })
  async comments(
    @Param('entryId', UuidParam) entryId: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const position = await this.freshness.stamp(reply, 'entry-comments', query);
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, ['time', 'uuid']);
    const params: unknown[] = [entryId, limit + 1];
    const rows: CommentRow[] = await this.dataSource.query(
      `SELECT comment_id, author_id, author_name, body, created_at FROM view_entry_comments
       WHERE entry_id = $1 ${after ? `AND (created_at, comment_id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)` : ''}
       ORDER BY created_at DESC, comment_id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((c) => ({
        commentId: c.comment_id,
        authorId: c.author_id,
        authorName: c.author_name,
        body: c.body,
        createdAt: c.created_at.toISOString(),
      })),
      nextCursor:
        rows.length > limit ? encodeCursor([last.created_at.toISOString(), last.comment_id]) : null,
      position,
    };
  }
}
