import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { oneRowReply } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { UserActivityReader } from './user-activity.reader';

@ApiTags('views')
@Controller('users')
export class UserActivityController {
  constructor(
    private readonly activity: UserActivityReader,
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
    const activity = await this.activity.find(userId);
    return oneRowReply(activity, position, `No user has the id ${userId}.`);
  }
}
