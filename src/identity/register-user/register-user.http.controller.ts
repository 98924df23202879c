import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { commandEnvelope } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { Anyone } from '../auth/access.decorators';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { RegisterUserCommand } from './register-user.command';
import { UserRegisteredReply } from './register-user.reply.dto';
import { RegisterUserRequest } from './register-user.request.dto';

@ApiTags('identity')
@Controller('auth')
export class RegisterUserController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('register')
  @HttpCode(201)
  @Anyone()
  @ApiOperation({
    summary: 'Create an account',
    description:
      'The account holds the role `user`. The email is stored trimmed and lowercased; ' +
      'displayName defaults to the username.',
  })
  @ApiCreatedResponse({ type: UserRegisteredReply, description: 'The account is created' })
  @Refuses('USERNAME_TAKEN', 'EMAIL_TAKEN')
  async register(@Body() body: RegisterUserRequest, @Req() request: FastifyRequest) {
    const registration = {
      type: 'RegisterUser',
      receivedAt: requestContext(request).receivedAt,
      userId: uuidv7(),
      username: body.username,
      email: body.email.trim().toLowerCase(),
      displayName: body.displayName?.trim() || body.username,
      initialRoles: [],
    } as const;
    const outcome = await this.commandBus.execute(
      new RegisterUserCommand(commandEnvelope(request, registration), registration, body.password),
    );
    return commandReply(request, outcome);
  }
}
