import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '@contest/domain';

export class OwnAccountReply {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ example: 'air_guitar_ace' })
  username!: string;

  @ApiProperty({ example: 'Ace of Air' })
  displayName!: string;

  @ApiProperty({
    enum: ROLES,
    isArray: true,
    description: 'The roles the account holds now; every account holds `user`',
  })
  roles!: Role[];

  @ApiProperty({ format: 'date-time' })
  registeredAt!: string;
}
