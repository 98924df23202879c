import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { SignedIn } from '../../identity/auth/access.decorators';
import { actorOf, ContestCommandSender, receivedAtOf } from '../contest-command-sender';

@ApiTags('comments')
@Controller('comments')
export class DeleteCommentController {
  constructor(private readonly contests: ContestCommandSender) {}

  @Delete(':commentId')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Delete a comment (author, moderator, admin; NOT_COMMENT_AUTHOR)' })
  @ApiOkResponse({ description: '{ commentId, commandId, position }' })
  remove(@Param('commentId', UuidParam) commentId: string, @Req() request: FastifyRequest) {
    return this.contests.send(request, {
      type: 'DeleteComment',
      receivedAt: receivedAtOf(request),
      commentId,
      actor: actorOf(request),
    });
  }
}
