import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { ViewReadQuery } from '../runtime/view-read.query.dto';

interface ActivityRow {
  user_id: string;
  display_name: string;
  registered_at: Date;
  contests_created: number;
  entries_submitted: number;
  votes_cast: number;
  comments_written: number;
}

@ApiTags('views')
@Controller('users')
export class UserActivityController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':userId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "A user's public activity (view: user-activity)" })
  @ApiOkResponse({
    description:
      '{ userId, displayName, registeredAt, contestsCreated, entriesSubmitted, votesCast, commentsWritten, position }',
  })
  async userActivity(
    @Param('userId', UuidParam) userId: string,
    @Query() query: ViewReadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const position = await this.freshness.stamp(reply, 'user-activity', query);
    const rows: ActivityRow[] = await this.dataSource.query(
      `SELECT user_id, display_name, registered_at, contests_created, entries_submitted, votes_cast,
              comments_written
       FROM view_user_activity WHERE user_id = $1`,
      [userId],
    );
    if (rows.length === 0) throw new CommandRefusal('NOT_FOUND', `No user has the id ${userId}.`);
    const [row] = rows;
    return {
      userId: row.user_id,
      displayName: row.display_name,
      registeredAt: row.registered_at.toISOString(),
      contestsCreated: row.contests_created,
      entriesSubmitted: row.entries_submitted,
      votesCast: row.votes_cast,
      commentsWritten: row.comments_written,
      position,
    };
  }
}
