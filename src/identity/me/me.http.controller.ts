import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandRefusal } from '../../platform/http/refusal';
import { requestContext } from '../../platform/http/request-context';
import { SignedIn } from '../auth/access.decorators';
import { MeReader } from './me.reader';
import { OwnAccountReply } from './me.reply.dto';

@ApiTags('identity')
@Controller('me')
export class MeController {
  constructor(private readonly accounts: MeReader) {}

  @Get()
  @SignedIn()
  @ApiOperation({
    summary: 'The signed-in account',
    description:
      'Read from the accounts, not the session: roles granted since the login show. A token ' +
      'whose account no longer exists is refused as unauthenticated.',
  })
  @ApiOkResponse({ type: OwnAccountReply, description: 'The account' })
  async me(@Req() request: FastifyRequest): Promise<OwnAccountReply> {
    const { userId } = requestContext(request).actor!;
    const account = await this.accounts.account(userId);
    if (!account) throw new CommandRefusal('UNAUTHENTICATED', 'This account no longer exists.');
    return { userId, ...account };
  }
}
