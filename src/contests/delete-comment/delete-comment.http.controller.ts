import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { CommentDeletedReply } from './delete-comment.reply.dto';

@ApiTags('comments')
@Controller('comments')
export class DeleteCommentController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Delete(':commentId')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Delete a comment',
    description:
      'For its author, a moderator or an admin. A comment already deleted is not found. Once ' +
      'the contest is finalized (at votingClosesAt), its comments can no longer be deleted.',
  })
  @ApiOkResponse({ type: CommentDeletedReply, description: 'The comment is deleted' })
  @Refuses('COMMENT_NOT_FOUND', 'NOT_COMMENT_AUTHOR', 'CONTEST_FINALIZED')
  remove(@Param('commentId', UuidParam) commentId: string, @Req() request: FastifyRequest) {
    return this.contests.send(request, {
      type: 'DeleteComment',
      receivedAt: receivedAtOf(request),
      commentId,
      actor: actorOf(request),
    });
  }
}
