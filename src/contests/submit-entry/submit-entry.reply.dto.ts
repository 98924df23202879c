import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class EntrySubmittedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid', description: 'The new entry' })
  entryId!: string;
}
