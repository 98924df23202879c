import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { envelopeFromRequest } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { SignedIn } from '../auth/access.decorators';
import { LogOutCommand } from './log-out.command';

@ApiTags('identity')
@Controller('auth')
export class LogOutController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('logout')
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({ summary: 'End the session of the bearer token (UNAUTHENTICATED)' })
  @ApiNoContentResponse({ description: 'X-Command-Id and X-Log-Position carry the command' })
  async logOut(@Req() request: FastifyRequest): Promise<void> {
    const ctx = requestContext(request);
    const userId = ctx.actor!.userId;
    const envelope = envelopeFromRequest(request, { payload: { userId } });
    const token = request.headers.authorization!.slice('Bearer '.length);
    const outcome = await this.commandBus.execute(
      new LogOutCommand(envelope, { type: 'LogOut', receivedAt: ctx.receivedAt, userId }, token),
    );
    commandReply(request, outcome);
  }
}
