import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class VoteCastReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;

  @ApiProperty({ type: 'integer', enum: [1, -1], description: 'The vote now counted' })
  value!: 1 | -1;
}

export class VoteRetractedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;
}
