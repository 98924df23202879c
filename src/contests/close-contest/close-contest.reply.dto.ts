import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class ContestClosedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  contestId!: string;
}
