import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { Role } from '@contest/domain';

export const ACCESS = 'contest:access';

/** Who may call a route: anyone, any signed-in user, or holders of one of some roles. */
export type Access =
  { kind: 'anyone' } | { kind: 'user' } | { kind: 'roles'; roles: readonly Role[] };

export const Anyone = () => SetMetadata(ACCESS, { kind: 'anyone' } satisfies Access);

export const SignedIn = () =>
  applyDecorators(SetMetadata(ACCESS, { kind: 'user' } satisfies Access), ApiBearerAuth());

export const RequireRoles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ACCESS, { kind: 'roles', roles } satisfies Access), ApiBearerAuth());
