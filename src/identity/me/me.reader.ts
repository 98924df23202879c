import { Injectable } from '@nestjs/common';
import { Role } from '@contest/domain';
import { DataSource } from 'typeorm';

interface AccountRow {
  username: string;
  display_name: string;
  roles: Role[];
  registered_at: Date;
}

/** The signed-in user's own account, as GET /me shows it. */
export interface OwnAccount {
  username: string;
  displayName: string;
  roles: Role[];
  registeredAt: string;
}

/** Reads an account from the users table, never from a session. */
@Injectable()
export class MeReader {
  constructor(private readonly dataSource: DataSource) {}

  async account(userId: string): Promise<OwnAccount | null> {
    const [row]: AccountRow[] = await this.dataSource.query(
      `SELECT username, display_name, roles, registered_at FROM users WHERE user_id = $1`,
      [userId],
    );
    if (!row) return null;
    return {
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      registeredAt: row.registered_at.toISOString(),
    };
  }
}
