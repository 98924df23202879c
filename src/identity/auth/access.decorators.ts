import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { Role } from '@contest/domain';

export const ACCESS = 'contest:access';

/**
 * Who may call a route: anyone, any signed-in user, or holders of one of some roles; a route
 * may also let a scraper in with the configured METRICS_TOKEN.
 */
export type Access =
  | { kind: 'anyone' }
  | { kind: 'user' }
  | { kind: 'roles'; roles: readonly Role[]; orMetricsToken?: boolean };

/**
 * Who may call an operation, in the contract (`x-roles`): `anyone`, `user` (any signed-in
 * user), named roles, or `metrics-token`. Routes without a rule are open to anyone.
 */
export const ROLES_EXTENSION = 'x-roles';

export const Anyone = () =>
  applyDecorators(
    SetMetadata(ACCESS, { kind: 'anyone' } satisfies Access),
    ApiExtension(ROLES_EXTENSION, ['anyone']),
  );

export const SignedIn = () =>
  applyDecorators(
    SetMetadata(ACCESS, { kind: 'user' } satisfies Access),
    ApiBearerAuth(),
    ApiExtension(ROLES_EXTENSION, ['user']),
  );

export const RequireRoles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS, { kind: 'roles', roles } satisfies Access),
    ApiBearerAuth(),
    ApiExtension(ROLES_EXTENSION, roles),
  );

/** Admins, or a scraper presenting METRICS_TOKEN as its bearer token. */
export const AdminOrMetricsToken = () =>
  applyDecorators(
    SetMetadata(ACCESS, {
      kind: 'roles',
      roles: ['admin'],
      orMetricsToken: true,
    } satisfies Access),
    ApiBearerAuth(),
    ApiExtension(ROLES_EXTENSION, ['admin', 'metrics-token']),
  );
