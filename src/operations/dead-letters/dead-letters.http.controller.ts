import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../../command-log/http/command-reply';
import { commandEnvelope } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { DEAD_LETTER_STATUSES, DeadLettersReader } from './dead-letters.reader';
import {
  DeadLetterList,
  DeadLetterRetriedReply,
  DeadLetterSkippedReply,
} from './dead-letters.reply.dto';
import { DeadLetterAction, ResolveDeadLetterCommand } from './resolve-dead-letter.command';

/** Admins see the rows projectors parked and decide their fate. */
@ApiTags('operations')
@Controller('admin')
export class DeadLettersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly letters: DeadLettersReader,
  ) {}

  @Get('dead-letters')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Rows projectors parked, with their error and fate' })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: DEAD_LETTER_STATUSES,
    description: 'Only the rows in this state; omitted (or any other value): every row',
  })
  @ApiOkResponse({ type: DeadLetterList, description: 'The dead letters, oldest first' })
  async deadLetters(@Query('status') status?: string) {
    // An unknown status filters nothing, as if none was sent.
    const known = DEAD_LETTER_STATUSES.find((s) => s === status) ?? null;
    return { items: await this.letters.list(known) };
  }

  @Post('dead-letters/:id/retry')
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Apply a parked row again, once',
    description: 'For after the fault is fixed. A row already retried or skipped is refused.',
  })
  @ApiOkResponse({ type: DeadLetterRetriedReply, description: 'The row was applied' })
  @Refuses('DEAD_LETTER_NOT_FOUND', 'DEAD_LETTER_RESOLVED')
  retry(@Param('id', ParseIntPipe) id: number, @Req() request: FastifyRequest) {
    return this.resolve(id, 'retry', request);
  }

  @Post('dead-letters/:id/skip')
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Leave a parked row out for good',
    description: 'It stays recorded as skipped. A row already retried or skipped is refused.',
  })
  @ApiOkResponse({ type: DeadLetterSkippedReply, description: 'The row is skipped' })
  @Refuses('DEAD_LETTER_NOT_FOUND', 'DEAD_LETTER_RESOLVED')
  skip(@Param('id', ParseIntPipe) id: number, @Req() request: FastifyRequest) {
    return this.resolve(id, 'skip', request);
  }

  private async resolve(id: number, action: DeadLetterAction, request: FastifyRequest) {
    const ctx = requestContext(request);
    const command = {
      type: action === 'retry' ? 'RetryDeadLetter' : 'SkipDeadLetter',
      receivedAt: ctx.receivedAt,
      deadLetterId: id,
      requestedBy: ctx.actor!.userId,
    } as const;
    const envelope = commandEnvelope(request, command);
    const outcome = await this.commandBus.execute(
      new ResolveDeadLetterCommand(envelope, id, action),
    );
    return commandReply(request, outcome);
  }
}
