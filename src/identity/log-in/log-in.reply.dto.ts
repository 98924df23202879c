import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '@contest/domain';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class SessionReply extends CommandReceipt {
  @ApiProperty({
    description: 'An opaque bearer token: send it as `Authorization: Bearer <token>`',
    pattern: '^[A-Za-z0-9_-]{43}$',
    minLength: 43,
    maxLength: 43,
  })
  token!: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'When the session ends unless logged out earlier (SESSION_TTL_SECONDS after the login)',
  })
  expiresAt!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({
    enum: ROLES,
    isArray: true,
    description: "The account's roles at the login; every account holds `user`",
  })
  roles!: Role[];
}
