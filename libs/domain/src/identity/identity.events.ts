import { Role } from './identity.commands';

export interface UserRegistered {
  readonly type: 'UserRegistered';
  readonly userId: string;
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly registeredAt: string;
}

export interface LoginSucceeded {
  readonly type: 'LoginSucceeded';
  readonly userId: string;
  readonly username: string;
  readonly at: string;
}

export interface LoginFailed {
  readonly type: 'LoginFailed';
  readonly username: string;
  readonly at: string;
  /** Failures of this username inside the lockout window, this one included. */
  readonly failuresInWindow: number;
}

export interface LoginLockedOut {
  readonly type: 'LoginLockedOut';
  readonly username: string;
  readonly lockedUntil: string;
}

export interface UserLoggedOut {
  readonly type: 'UserLoggedOut';
  readonly userId: string;
  readonly at: string;
}

export interface RoleGranted {
  readonly type: 'RoleGranted';
  readonly userId: string;
  readonly role: Role;
  readonly grantedBy: string;
}

export type IdentityEvent =
  UserRegistered | LoginSucceeded | LoginFailed | LoginLockedOut | UserLoggedOut | RoleGranted;
