import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
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

export const Anyone = () => SetMetadata(ACCESS, { kind: 'anyone' } satisfies Access);

export const SignedIn = () =>
  applyDecorators(SetMetadata(ACCESS, { kind: 'user' } satisfies Access), ApiBearerAuth());

export const RequireRoles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ACCESS, { kind: 'roles', roles } satisfies Access), ApiBearerAuth());

/** Admins, or a scraper presenting METRICS_TOKEN as its bearer token. */
export const AdminOrMetricsToken = () =>
  applyDecorators(
    SetMetadata(ACCESS, {
      kind: 'roles',
      roles: ['admin'],
      orMetricsToken: true,
    } satisfies Access),
    ApiBearerAuth(),
  );
