/** Roles a user can hold. Everyone is a `user`; the others are granted by an admin. */
export const ROLES = ['user', 'moderator', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RegisterUser {
  readonly type: 'RegisterUser';
  readonly receivedAt: Date;
  /** Minted at the edge so the decision is deterministic. */
  readonly userId: string;
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
  /** Roles granted with the account: only the bootstrap admin from the environment has any. */
  readonly initialRoles: readonly Role[];
}

export interface LogIn {
  readonly type: 'LogIn';
  readonly receivedAt: Date;
  readonly username: string;
  /**
   * The outcome of the password check, made outside the decider because it depends on a
   * secret. Replays keep the recorded outcome of such commands.
   */
  readonly passwordMatches: boolean;
}

export interface LogOut {
  readonly type: 'LogOut';
  readonly receivedAt: Date;
  readonly userId: string;
}

export interface GrantRole {
  readonly type: 'GrantRole';
  readonly receivedAt: Date;
  readonly actorId: string;
  readonly actorRoles: readonly Role[];
  readonly userId: string;
  readonly role: Role;
}

export type IdentityCommand = RegisterUser | LogIn | LogOut | GrantRole;
