import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { EntrySubmittedReply } from './submit-entry.reply.dto';
import { SubmitEntryRequest } from './submit-entry.request.dto';

@ApiTags('entries')
@Controller('contests')
export class SubmitEntryController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':contestId/entries')
  @HttpCode(201)
  @SignedIn()
  @ApiOperation({
    summary: 'Submit a video entry',
    description:
      "Accepted until submissionsCloseAt, unless the contest was closed early. The contest's " +
      'ruleset caps the entries per user (maxEntriesPerUserPerContest); withdrawn ones do not count.',
  })
  @ApiCreatedResponse({ type: EntrySubmittedReply, description: 'The entry is submitted' })
  @Refuses('CONTEST_NOT_FOUND', 'SUBMISSIONS_CLOSED', 'ALREADY_SUBMITTED', 'CONTEST_FINALIZED')
  submit(
    @Param('contestId', UuidParam) contestId: string,
    @Body() body: SubmitEntryRequest,
    @Req() request: FastifyRequest,
  ) {
    const entryId = uuidv7();
    const description = body.description ?? '';
    return this.contests.send(request, {
      type: 'SubmitEntry',
      receivedAt: receivedAtOf(request),
      entryId,
      contestId,
      author: actorOf(request),
      title: body.title,
      videoUrl: body.videoUrl,
      description,
    });
  }
}
