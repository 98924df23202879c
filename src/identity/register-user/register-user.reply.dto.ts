import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class UserRegisteredReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid', description: 'The new account' })
  userId!: string;
}
