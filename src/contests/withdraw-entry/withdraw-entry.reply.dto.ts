import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class EntryWithdrawnReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;
}
