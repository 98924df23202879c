import { Role } from '@contest/domain';
import { DataSource } from 'typeorm';

/** The opaque token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{16,128})$/);
  return match ? match[1] : null;
}

/** A user's roles as the decision state holds them now (sessions may carry older ones). */
export async function currentRoles(dataSource: DataSource, userId: string): Promise<Role[]> {
  const rows: { roles: Role[] }[] = await dataSource.query(
    `SELECT roles FROM users WHERE user_id = $1`,
    [userId],
  );
  return rows[0]?.roles ?? [];
}
