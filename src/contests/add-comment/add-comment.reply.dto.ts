import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class CommentAddedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid', description: 'The new comment' })
  commentId!: string;
}
