import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '@contest/domain';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class RoleGrantedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ enum: ROLES, description: 'The role the user now holds' })
  role!: Role;
}
