import { Injectable } from '@nestjs/common';
import {
  Account,
  evolveIdentity,
  IdentityEvent,
  IdentityState,
  LoginThrottle,
  Role,
} from '@contest/domain';
import { EntityManager } from 'typeorm';

/** Which accounts and throttles one identity command needs. */
export interface IdentityStateKeys {
  readonly username?: string;
  readonly email?: string;
  readonly userId?: string;
}

interface AccountRow {
  user_id: string;
  username: string;
  email: string;
  display_name: string;
  roles: Role[];
  registered_at: Date;
}

/**
 * The Postgres side of the identity decision state. It loads only the slice one command needs
 * and writes back what `evolveIdentity` (the same function replays use) made of it.
 */
@Injectable()
export class IdentityStateRepository {
  /** The slice a batch of identity commands needs: the accounts and throttles they name. */
  async load(tx: EntityManager, keys: readonly IdentityStateKeys[]): Promise<IdentityState> {
    const unique = (pick: (k: IdentityStateKeys) => string | undefined) => [
      ...new Set(keys.map(pick).filter((v): v is string => v !== undefined)),
    ];
    const usernames = unique((k) => k.username);
    const accounts: AccountRow[] = await tx.query(
      `SELECT user_id, username, email, display_name, roles, registered_at FROM users
       WHERE username = ANY($1::text[]) OR email = ANY($2::text[]) OR user_id = ANY($3::uuid[])`,
      [usernames, unique((k) => k.email), unique((k) => k.userId)],
    );
    const throttles: { username: string; failures: Date[]; locked_until: Date | null }[] =
      usernames.length === 0
        ? []
        : await tx.query(
            `SELECT username, failures, locked_until FROM login_throttles WHERE username = ANY($1::text[])`,
            [usernames],
          );
    return {
      accountsById: new Map(accounts.map((row) => [row.user_id, toAccount(row)])),
      userIdsByUsername: new Map(accounts.map((row) => [row.username, row.user_id])),
      emails: new Set(accounts.map((row) => row.email)),
      throttles: new Map(
        throttles.map((row) => [
          row.username,
          {
            failures: row.failures.map((at) => at.toISOString()),
            lockedUntil: row.locked_until?.toISOString() ?? null,
          },
        ]),
      ),
    };
  }

  async save(
    tx: EntityManager,
    events: readonly IdentityEvent[],
    before: IdentityState,
  ): Promise<void> {
    const after = events.reduce(evolveIdentity, before);
    for (const event of events) {
      switch (event.type) {
        case 'UserRegistered':
        case 'RoleGranted':
          await this.saveAccount(tx, after.accountsById.get(event.userId));
          break;
        case 'LoginSucceeded':
        case 'LoginFailed':
        case 'LoginLockedOut':
          await this.saveThrottle(tx, event.username, after.throttles.get(event.username));
          break;
        case 'UserLoggedOut':
          break;
      }
    }
  }

  async saveCredentials(tx: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await tx.query(
      `INSERT INTO user_credentials (user_id, password_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
      [userId, passwordHash],
    );
  }

  async passwordHashOf(tx: EntityManager, username: string): Promise<string | null> {
    const rows: { password_hash: string }[] = await tx.query(
      `SELECT c.password_hash FROM user_credentials c JOIN users u USING (user_id) WHERE u.username = $1`,
      [username],
    );
    return rows[0]?.password_hash ?? null;
  }

  private async saveAccount(tx: EntityManager, account: Account | undefined): Promise<void> {
    if (!account) return;
    await tx.query(
      `INSERT INTO users (user_id, username, email, display_name, roles, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET roles = EXCLUDED.roles, display_name = EXCLUDED.display_name`,
      [
        account.userId,
        account.username,
        account.email,
        account.displayName,
        account.roles,
        account.registeredAt,
      ],
    );
  }

  private async saveThrottle(
    tx: EntityManager,
    username: string,
    throttle: LoginThrottle | undefined,
  ) {
    if (!throttle) {
      await tx.query(`DELETE FROM login_throttles WHERE username = $1`, [username]);
      return;
    }
    await tx.query(
      `INSERT INTO login_throttles (username, failures, locked_until) VALUES ($1, $2::timestamptz[], $3)
       ON CONFLICT (username) DO UPDATE SET failures = EXCLUDED.failures, locked_until = EXCLUDED.locked_until`,
      [username, throttle.failures, throttle.lockedUntil],
    );
  }
}

function toAccount(row: AccountRow): Account {
  return {
    userId: row.user_id,
    username: row.username,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    registeredAt: row.registered_at.toISOString(),
  };
}
