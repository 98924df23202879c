import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { ViewReadQuery } from '../runtime/view-read.query.dto';

const RECENT_COMMENTS = 5;

interface EntryRow {
  entry_id: string;
  contest_id: string;
  title: string;
  video_url: string;
  description: string;
  author_id: string;
  author_name: string;
  status: string;
  submitted_at: Date;
  upvotes: number;
  downvotes: number;
  comments: number;
  views: number;
  watch_seconds: number;
  score: number | null;
  rank: number | null;
}

@ApiTags('views')
@Controller('entries')
export class EntryDetailController {
  constructor(
    private readonly dataSource: DataSource,
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
    const [row]: EntryRow[] = await this.dataSource.query(
      `SELECT * FROM view_entry_detail WHERE entry_id = $1`,
      [entryId],
    );
    if (!row) throw new CommandRefusal('NOT_FOUND', `No entry has the id ${entryId}.`);
    const comments: {
      comment_id: string;
      author_id: string;
      author_name: string;
      body: string;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT comment_id, author_id, author_name, body, created_at FROM view_entry_detail_comments
         WHERE entry_id = $1 ORDER BY created_at DESC, comment_id DESC LIMIT ${RECENT_COMMENTS}`,
      [entryId],
    );
    return {
      entryId: row.entry_id,
      contestId: row.contest_id,
      title: row.title,
      videoUrl: row.video_url,
      description: row.description,
      author: { userId: row.author_id, displayName: row.author_name },
      status: row.status,
      submittedAt: row.submitted_at.toISOString(),
      upvotes: row.upvotes,
      downvotes: row.downvotes,
      comments: row.comments,
      views: row.views,
      watchSeconds: row.watch_seconds,
      score: row.score,
      rank: row.rank,
      recentComments: comments.map((c) => ({
        commentId: c.comment_id,
        authorId: c.author_id,
        authorName: c.author_name,
        body: c.body,
        createdAt: c.created_at.toISOString(),
      })),
      position,
    };
  }
}
