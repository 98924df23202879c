import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class ViewRecordedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;
}
