import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { AddCommentRequest } from './add-comment.request.dto';

@ApiTags('comments')
@Controller('entries')
export class AddCommentController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':entryId/comments')
  @HttpCode(201)
  @SignedIn()
  @ApiOperation({ summary: 'Comment on an entry (ENTRY_NOT_FOUND, COMMENTS_CLOSED)' })
  @ApiCreatedResponse({ description: '{ commentId, commandId, position }' })
  add(
    @Param('entryId', UuidParam) entryId: string,
    @Body() body: AddCommentRequest,
    @Req() request: FastifyRequest,
  ) {
    const commentId = uuidv7();
    return this.contests.send(request, {
      type: 'AddComment',
      receivedAt: receivedAtOf(request),
      commentId,
      entryId,
      author: actorOf(request),
      body: body.body,
    });
  }
}
