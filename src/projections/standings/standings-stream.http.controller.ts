import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { PageLimit } from '../runtime/page.query.dto';
import { orNotFound } from '../runtime/view-read';
import { resumePositionOf } from './server-sent-events';
import { NOTHING_SEEN } from './standings-audience';
import { StandingsBroadcast } from './standings-broadcast';

class StandingsStreamQuery {
  @PageLimit(50)
  limit?: number;
}

/** Live standings over Server-Sent Events: the standings page, again each time it changes. */
@ApiTags('views')
@Controller('contests')
export class StandingsStreamController {
  constructor(private readonly broadcast: StandingsBroadcast) {}

  @Get(':contestId/standings/stream')
  @ApiOperation({
    summary: 'Live standings of a contest as Server-Sent Events, until they are final',
    description:
      'Each event is the page GET /contests/{contestId}/standings?limit= answers (the same ' +
      'JSON), named `standings`. The first is sent at once; then one each time the contest ' +
      'changes in the standings view, at most a few a second. An event id is the log position ' +
      'of the last command that changed the contest (at most the page’s `position`). To ' +
      'resume, send Last-Event-ID (EventSource does so when it reconnects): the current page ' +
      'comes at once if the contest changed after that position, else with the next change; ' +
      'nothing is missed. An SSE comment `: heartbeat` comes every SSE_HEARTBEAT_MS (15 s) ' +
      'while nothing else is sent. Once the standings are final, the last event is named ' +
      '`final` (the final page) and the server ends the response: a contest already final ' +
      'gets that one event. A shutting-down server ends its streams; clients reconnect.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'text/event-stream: `id: <position>`, `event: standings` or `final`, `data: <the page JSON>`',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event received: resume after it',
    schema: { type: 'string', pattern: '^[0-9]{1,16}$' },
  })
  @Refuses('NOT_FOUND')
  async stream(
    @Param('contestId', UuidParam) contestId: string,
    @Query() query: StandingsStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Refusals are problem+json replies, so everything is checked before the stream starts.
    const resumeAfter = resumePositionOf(lastEventId);
    const limit = query.limit ?? 50;
    const start = orNotFound(
      await this.broadcast.start(contestId, limit),
      `No contest has the id ${contestId}.`,
    );
    this.broadcast.stream(reply, { contestId, limit, seen: resumeAfter ?? NOTHING_SEEN }, start);
  }
}
