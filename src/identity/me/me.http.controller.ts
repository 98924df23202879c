import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandRefusal } from '../../platform/http/refusal';
import { requestContext } from '../../platform/http/request-context';
import { SignedIn } from '../auth/access.decorators';
import { MeReader } from './me.reader';

@ApiTags('identity')
@Controller('me')
export class MeController {
  constructor(private readonly accounts: MeReader) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiOkResponse({ description: '{ userId, username, displayName, roles, registeredAt }' })
  async me(@Req() request: FastifyRequest) {
    const { userId } = requestContext(request).actor!;
    const account = await this.accounts.account(userId);
    if (!account) throw new CommandRefusal('UNAUTHENTICATED', 'This account no longer exists.');
    return { userId, ...account };
  }
}
