import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { contestStatus } from '../runtime/contest-status';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { ViewReadQuery } from '../runtime/view-read.query.dto';

interface DetailRow {
  contest_id: string;
  title: string;
  description: string;
  category: string;
  owner_id: string;
  owner_name: string;
  submissions_close_at: Date;
  voting_opens_at: Date;
  voting_closes_at: Date;
  closed_at: Date | null;
  created_at: Date;
  entry_count: number;
  vote_count: number;
  comment_count: number;
  view_count: number;
  ruleset: { rulesetId: string; name: string; hash: string };
}

@ApiTags('views')
@Controller('contests')
export class ContestDetailController {
  constructor(
    private readonly dataSource: DataSource,
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
    const [row]: DetailRow[] = await this.dataSource.query(
      `SELECT * FROM view_contest_detail WHERE contest_id = $1`,
      [contestId],
    );
    if (!row) throw new CommandRefusal('NOT_FOUND', `No contest has the id ${contestId}.`);
    return {
      contestId: row.contest_id,
      title: row.title,
      description: row.description,
      category: row.category,
      owner: { userId: row.owner_id, displayName: row.owner_name },
      status: contestStatus(row, new Date()),
      submissionsCloseAt: row.submissions_close_at.toISOString(),
      votingOpensAt: row.voting_opens_at.toISOString(),
      votingClosesAt: row.voting_closes_at.toISOString(),
      closedAt: row.closed_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      entryCount: row.entry_count,
      voteCount: row.vote_count,
      commentCount: row.comment_count,
      viewCount: row.view_count,
      ruleset: row.ruleset,
      position,
    };
  }
}
