import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { EntryWithdrawnReply } from './withdraw-entry.reply.dto';

@ApiTags('entries')
@Controller('entries')
export class WithdrawEntryController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Delete(':entryId')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Withdraw your entry',
    description: 'Only its author can, and only until the contest closes.',
  })
  @ApiOkResponse({ type: EntryWithdrawnReply, description: 'The entry is withdrawn' })
  @Refuses(
    'ENTRY_NOT_FOUND',
    'NOT_ENTRY_AUTHOR',
    'CONTEST_CLOSED',
    'ENTRY_WITHDRAWN',
    'CONTEST_FINALIZED',
  )
  withdraw(@Param('entryId', UuidParam) entryId: string, @Req() request: FastifyRequest) {
    return this.contests.send(request, {
      type: 'WithdrawEntry',
      receivedAt: receivedAtOf(request),
      entryId,
      actor: actorOf(request),
    });
  }
}
