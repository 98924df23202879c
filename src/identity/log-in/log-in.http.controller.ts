import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { envelopeFromRequest } from '../../command-log/http/envelope-from-request';
import { Anyone } from '../auth/access.decorators';
import { LogInCommand } from './log-in.command';
import { LogInRequest } from './log-in.request.dto';

@ApiTags('identity')
@Controller('auth')
export class LogInController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @Anyone()
  @ApiOperation({
    summary:
      'Exchange a username and password for a bearer token (INVALID_CREDENTIALS, TOO_MANY_FAILED_LOGINS, SESSION_STORE_UNAVAILABLE)',
    description: 'Idempotency-Key is ignored here: a reply holding a token is never stored.',
  })
  @ApiOkResponse({ description: '{ token, expiresAt, userId, roles, commandId, position }' })
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
