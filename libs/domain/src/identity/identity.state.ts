import { Role } from './identity.commands';

export interface Account {
  readonly userId: string;
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly registeredAt: string;
}

/** Recent login failures of one username, kept for the lockout rule. */
export interface LoginThrottle {
  /** ISO times of failures, oldest first; only those inside the window matter. */
  readonly failures: readonly string[];
  readonly lockedUntil: string | null;
}

/**
 * What the identity deciders may consult. Live handling loads only the slice a command needs
 * (one username, one email, one account); replays hold all of it in memory. Both are fed the
 * same events through `evolveIdentity`.
 */
export interface IdentityState {
  readonly accountsById: ReadonlyMap<string, Account>;
  readonly userIdsByUsername: ReadonlyMap<string, string>;
  readonly emails: ReadonlySet<string>;
  readonly throttles: ReadonlyMap<string, LoginThrottle>;
}

export const emptyIdentityState = (): IdentityState => ({
  accountsById: new Map(),
  userIdsByUsername: new Map(),
  emails: new Set(),
  throttles: new Map(),
});

export const NO_THROTTLE: LoginThrottle = { failures: [], lockedUntil: null };
