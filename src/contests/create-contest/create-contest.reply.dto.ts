import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class ContestCreatedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid', description: 'The new contest' })
  contestId!: string;
}
