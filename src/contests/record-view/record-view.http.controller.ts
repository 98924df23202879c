import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandRefusal } from '../../platform/http/refusal';
import { requestContext } from '../../platform/http/request-context';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { Anyone } from '../../identity/auth/access.decorators';
import { ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ViewRecordedReply } from './record-view.reply.dto';
import { RecordViewRequest } from './record-view.request.dto';

@ApiTags('views')
@Controller('entries')
export class RecordViewController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':entryId/views')
  @HttpCode(202)
  @Anyone()
  @ApiOperation({
    summary: 'Record that an entry was watched',
    description:
      'Signed in, the view is counted for your account; without a bearer token, viewerId is ' +
      'required and names the viewer. Views are recorded until the contest closes, before ' +
      'voting opens too.',
  })
  @ApiAcceptedResponse({
    type: ViewRecordedReply,
    description: 'The view is recorded; the views and standings count it shortly',
  })
  @Refuses('ENTRY_NOT_FOUND', 'ENTRY_WITHDRAWN', 'CONTEST_CLOSED', 'CONTEST_FINALIZED')
  view(
    @Param('entryId', UuidParam) entryId: string,
    @Body() body: RecordViewRequest,
    @Req() request: FastifyRequest,
  ) {
    const actor = requestContext(request).actor;
    if (!actor && !body.viewerId) {
      throw new CommandRefusal('VALIDATION_FAILED', 'Send a viewerId, or a bearer token.', [
        { path: 'viewerId', message: 'viewerId is required without a bearer token' },
      ]);
    }
    const viewerKey = actor ? `user:${actor.userId}` : `anon:${body.viewerId}`;
    return this.contests.send(request, {
      type: 'RecordView',
      receivedAt: receivedAtOf(request),
      entryId,
      viewerKey,
      watchedSeconds: body.watchedSeconds,
    });
  }
}
