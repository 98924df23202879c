import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { contestStatus, STATUS_PREDICATES } from '../runtime/contest-status';
import { decodeCursor, encodeCursor, PageQuery } from '../runtime/page.query.dto';
import { ProjectionFreshness } from '../runtime/projection-freshness';

class ContestListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'voting', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'voting', 'closed'], { message: 'status must be open, voting or closed' })
  status?: 'open' | 'voting' | 'closed';

  @ApiPropertyOptional({ example: 'music' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'category must be 1-40 characters of a-z, 0-9 and -' })
  category?: string;
}

interface ListRow {
  contest_id: string;
  title: string;
  category: string;
  submissions_close_at: Date;
  voting_closes_at: Date;
  closed_at: Date | null;
  created_at: Date;
  entry_count: number;
  vote_count: number;
  leader: unknown;
}

@ApiTags('views')
@Controller('contests')
export class ContestListController {
  constructor(
    private readonly dataSource: DataSource,
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
    const limit = query.limit ?? 20;
    const now = new Date();
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status)
      where.push(STATUS_PREDICATES[query.status](`$${params.push(now)}::timestamptz`));
    if (query.category) where.push(`category = $${params.push(query.category)}`);
    const after = decodeCursor(query.cursor, ['time', 'uuid']);
    if (after)
      where.push(
        `(created_at, contest_id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`,
      );
    const rows: ListRow[] = await this.dataSource.query(
      `SELECT contest_id, title, category, submissions_close_at, voting_closes_at, closed_at, created_at,
              entry_count, vote_count, leader
       FROM view_contest_list ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, contest_id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        contestId: row.contest_id,
        title: row.title,
        category: row.category,
        status: contestStatus(row, now),
        entryCount: row.entry_count,
        voteCount: row.vote_count,
        leader: row.leader,
        submissionsCloseAt: row.submissions_close_at.toISOString(),
        votingClosesAt: row.voting_closes_at.toISOString(),
      })),
      nextCursor:
        rows.length > limit ? encodeCursor([last.created_at.toISOString(), last.contest_id]) : null,
      position,
    };
  }
}
