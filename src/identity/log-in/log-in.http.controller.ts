import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { commandReply } from '../../command-log/http/command-reply';
import { envelopeFromRequest } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../command-log/http/request-context';
import { Anyone } from '../auth/access.decorators';
import { IdentityStateRepository } from '../identity-state.repository';
import { PasswordHasher } from '../password-hasher';
import { SessionStore } from '../sessions/session.store';
import { LogInCommand } from './log-in.command';
import { LogInRequest } from './log-in.request.dto';

@ApiTags('identity')
@Controller('auth')
export class LogInController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dataSource: DataSource,
    private readonly state: IdentityStateRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Anyone()
  @ApiOperation({
    summary:
      'Exchange a username and password for a bearer token (INVALID_CREDENTIALS, TOO_MANY_FAILED_LOGINS)',
    description: 'Idempotency-Key is ignored here: a reply holding a token is never stored.',
  })
  @ApiOkResponse({ description: '{ token, expiresAt, userId, roles, commandId, position }' })
  async logIn(@Body() body: LogInRequest, @Req() request: FastifyRequest) {
    const ctx = requestContext(request);
    const username = body.username.trim().toLowerCase();
    // The password is checked before the decider runs: its outcome, never the secret, goes in.
    const passwordMatches = await this.hasher.matches(
      await this.state.passwordHashOf(this.dataSource.manager, username),
      body.password,
    );
    const envelope = envelopeFromRequest(request, {
      payload: { username, passwordMatches },
      actorId: null,
      streamKey: `username:${username}`,
    });
    const outcome = await this.commandBus.execute(
      new LogInCommand(envelope, {
        type: 'LogIn',
        receivedAt: ctx.receivedAt,
        username,
        passwordMatches,
      }),
    );
    const userId = outcome.state.userIdsByUsername.get(username);
    const account = userId === undefined ? undefined : outcome.state.accountsById.get(userId);
    if (outcome.decision.status === 'rejected' || account === undefined) {
      return commandReply(request, outcome, {});
    }
    const roles = account.roles;
    const session = await this.sessions.open(
      { userId: account.userId, username, roles },
      ctx.receivedAt,
    );
    return commandReply(request, outcome, { ...session, userId: account.userId, roles });
  }
}
