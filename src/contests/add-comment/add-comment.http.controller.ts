import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { CommentAddedReply } from './add-comment.reply.dto';
import { AddCommentRequest } from './add-comment.request.dto';

@ApiTags('comments')
@Controller('entries')
export class AddCommentController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Post(':entryId/comments')
  @HttpCode(201)
  @SignedIn()
  @ApiOperation({
    summary: 'Comment on an entry',
    description:
      'Comments are open while voting is: from votingOpensAt until voting closes or the contest ' +
      'is closed early.',
  })
  @ApiCreatedResponse({ type: CommentAddedReply, description: 'The comment is added' })
  @Refuses('ENTRY_NOT_FOUND', 'ENTRY_WITHDRAWN', 'COMMENTS_CLOSED', 'CONTEST_FINALIZED')
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
