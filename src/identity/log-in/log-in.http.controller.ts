import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { envelopeFromRequest } from '../../command-log/http/envelope-from-request';
import { Anyone } from '../auth/access.decorators';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { LogInCommand } from './log-in.command';
import { SessionReply } from './log-in.reply.dto';
import { LogInRequest } from './log-in.request.dto';

@ApiTags('identity')
@Controller('auth')
export class LogInController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @Anyone()
  @ApiOperation({
    summary: 'Exchange a username and password for a bearer token',
    description:
      'The username is trimmed and lowercased. An unknown username and a wrong password get ' +
      'the same refusal. The 5th failure of a username within 15 minutes locks it for 15 ' +
      'minutes, during which every attempt is refused, the right password included. ' +
      'Idempotency-Key is ignored here: a reply holding a token is never stored.',
  })
  @ApiOkResponse({ type: SessionReply, description: 'A session is open' })
  @Refuses('INVALID_CREDENTIALS', 'TOO_MANY_FAILED_LOGINS')
  async logIn(@Body() body: LogInRequest, @Req() request: FastifyRequest) {
    const username = body.username.trim().toLowerCase();
    const envelope = envelopeFromRequest(request, {
      payload: { username },
      actorId: null,
      streamKey: `username:${username}`,
    });
    const outcome = await this.commandBus.execute(
      new LogInCommand(envelope, username, { password: body.password }),
    );
    return commandReply(request, outcome);
  }
}
