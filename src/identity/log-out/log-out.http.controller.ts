import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { commandEnvelope } from '../../command-log/http/envelope-from-request';
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
  @ApiOperation({
    summary: 'End the session of the bearer token',
    description:
      'Only the session of the token sent ends. Without Redis, another API process may still ' +
      'accept the token for up to 2 s.',
  })
  @ApiNoContentResponse({
    description: 'The session is ended; X-Command-Id and X-Log-Position carry the command',
  })
  async logOut(@Req() request: FastifyRequest): Promise<void> {
    const ctx = requestContext(request);
    const logout = {
      type: 'LogOut',
      receivedAt: ctx.receivedAt,
      userId: ctx.actor!.userId,
    } as const;
    const token = request.headers.authorization!.slice('Bearer '.length);
    const outcome = await this.commandBus.execute(
      new LogOutCommand(commandEnvelope(request, logout), logout, token),
    );
    commandReply(request, outcome);
  }
}
