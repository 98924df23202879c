import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { oneRowReply } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { UserActivityReader } from './user-activity.reader';
import { UserActivity } from './user-activity.reply.dto';

@ApiTags('views')
@Controller('users')
export class UserActivityController {
  constructor(
    private readonly activity: UserActivityReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':userId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A user's public activity",
    description:
      'What the user has created, submitted, voted and written, read from the user-activity ' +
      'view. An id the view does not hold is 404.',
  })
  @ApiOkResponse({ type: UserActivity, description: "The user's activity" })
  @Refuses('NOT_FOUND')
  async userActivity(
    @Param('userId', UuidParam) userId: string,
    @Query() query: ViewReadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserActivity> {
    const position = await this.freshness.stamp(reply, 'user-activity', query);
    const activity = await this.activity.find(userId);
    return oneRowReply(activity, position, `No user has the id ${userId}.`);
  }
}
