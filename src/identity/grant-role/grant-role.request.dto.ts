import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '@contest/domain';
import { IsIn } from 'class-validator';

export class GrantRoleRequest {
  @ApiProperty({ enum: ROLES, example: 'moderator' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;
}
