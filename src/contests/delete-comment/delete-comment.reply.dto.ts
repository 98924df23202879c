import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class CommentDeletedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  commentId!: string;
}
