import { deciderSpec } from '@contest/testing';
import {
  decideIdentity,
  emptyIdentityState,
  evolveIdentity,
  IdentityCommand,
  IdentityEvent,
  IdentityState,
  UserRegistered,
} from '@contest/domain';

const spec = deciderSpec<IdentityCommand, IdentityEvent, IdentityState>({
  decide: decideIdentity,
  evolve: evolveIdentity,
  initialState: emptyIdentityState,
});

const t0 = new Date('2026-05-01T12:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const aliceRegistered: UserRegistered = {
  type: 'UserRegistered',
  userId: '018f0000-0000-7000-8000-000000000001',
  username: 'alice',
  email: 'alice@example.com',
  displayName: 'Alice',
  roles: ['user'],
  registeredAt: t0.toISOString(),
};
const adminRegistered: UserRegistered = {
  ...aliceRegistered,
  userId: '018f0000-0000-7000-8000-0000000000ad',
  username: 'root_admin',
  email: 'admin@example.com',
  roles: ['user', 'admin'],
};

const register = (overrides: Partial<{ username: string; email: string }> = {}) =>
  ({
    type: 'RegisterUser',
    receivedAt: at(1),
    userId: '018f0000-0000-7000-8000-000000000002',
    username: overrides.username ?? 'bob',
    email: overrides.email ?? 'bob@example.com',
    displayName: 'Bob',
    initialRoles: [],
  }) as const;

const login = (minutes: number, passwordMatches: boolean, username = 'alice') =>
  ({ type: 'LogIn', receivedAt: at(minutes), username, passwordMatches }) as const;

const failed = (minutes: number, failuresInWindow: number, username = 'alice'): IdentityEvent => ({
  type: 'LoginFailed',
  username,
  at: at(minutes).toISOString(),
  failuresInWindow,
});

describe('identity decider', () => {
  describe('register', () => {
    it('registers a new user with the user role', () =>
      spec
        .given([])
        .when(register())
        .then([
          {
            type: 'UserRegistered',
            userId: '018f0000-0000-7000-8000-000000000002',
            username: 'bob',
            email: 'bob@example.com',
            displayName: 'Bob',
            roles: ['user'],
            registeredAt: at(1).toISOString(),
          },
        ]));

    it('rejects a taken username with USERNAME_TAKEN', () =>
      spec
        .given([aliceRegistered])
        .when(register({ username: 'alice' }))
        .thenRejects('USERNAME_TAKEN'));

    it('rejects a taken email with EMAIL_TAKEN', () =>
      spec
        .given([aliceRegistered])
        .when(register({ email: 'alice@example.com' }))
        .thenRejects('EMAIL_TAKEN'));
  });

  describe('login', () => {
    it('accepts the right password', () =>
      spec
        .given([aliceRegistered])
        .when(login(2, true))
        .then([
          {
            type: 'LoginSucceeded',
            userId: aliceRegistered.userId,
            username: 'alice',
            at: at(2).toISOString(),
          },
        ]));

    it('rejects a wrong password with INVALID_CREDENTIALS and remembers the failure', () =>
      spec
        .given([aliceRegistered])
        .when(login(2, false))
        .thenRejects('INVALID_CREDENTIALS', [failed(2, 1)]));

    it('rejects an unknown username with INVALID_CREDENTIALS, even if a check passed', () =>
      spec
        .given([])
        .when(login(2, true, 'nobody'))
        .thenRejects('INVALID_CREDENTIALS', [failed(2, 1, 'nobody')]));

    it('locks the username on the fifth failure within 15 minutes', () =>
      spec
        .given([aliceRegistered, failed(1, 1), failed(2, 2), failed(3, 3), failed(4, 4)])
        .when(login(5, false))
        .thenRejects('INVALID_CREDENTIALS', [
          failed(5, 5),
          { type: 'LoginLockedOut', username: 'alice', lockedUntil: at(20).toISOString() },
        ]));

    it('does not count failures older than 15 minutes', () =>
      spec
        .given([aliceRegistered, failed(0, 1), failed(2, 2), failed(3, 3), failed(4, 4)])
        .when(login(15, false))
        .thenRejects('INVALID_CREDENTIALS', [failed(15, 4)]));

    it('rejects even the right password with TOO_MANY_FAILED_LOGINS while locked', () =>
      spec
        .given([
          aliceRegistered,
          { type: 'LoginLockedOut', username: 'alice', lockedUntil: at(20).toISOString() },
        ])
        .when(login(19, true))
        .thenRejects('TOO_MANY_FAILED_LOGINS', []));

    it('accepts the right password once the lock has expired', () =>
      spec
        .given([
          aliceRegistered,
          { type: 'LoginLockedOut', username: 'alice', lockedUntil: at(20).toISOString() },
        ])
        .when(login(20, true))
        .then([
          {
            type: 'LoginSucceeded',
            userId: aliceRegistered.userId,
            username: 'alice',
            at: at(20).toISOString(),
          },
        ]));

    it('starts counting afresh after the lock expires', () =>
      spec
        .given([
          aliceRegistered,
          { type: 'LoginLockedOut', username: 'alice', lockedUntil: at(20).toISOString() },
        ])
        .when(login(21, false))
        .thenRejects('INVALID_CREDENTIALS', [failed(21, 1)]));

    it('forgets failures after a successful login', () =>
      spec
        .given([
          aliceRegistered,
          failed(1, 1),
          failed(2, 2),
          failed(3, 3),
          failed(4, 4),
          {
            type: 'LoginSucceeded',
            userId: aliceRegistered.userId,
            username: 'alice',
            at: at(5).toISOString(),
          },
        ])
        .when(login(6, false))
        .thenRejects('INVALID_CREDENTIALS', [failed(6, 1)]));
  });

  describe('grant role', () => {
    const grant = (actorRoles: ('user' | 'admin')[], userId = aliceRegistered.userId) =>
      ({
        type: 'GrantRole',
        receivedAt: at(3),
        actorId: adminRegistered.userId,
        actorRoles,
        userId,
        role: 'moderator',
      }) as const;

    it('grants a role when an admin asks', () =>
      spec
        .given([aliceRegistered, adminRegistered])
        .when(grant(['user', 'admin']))
        .then([
          {
            type: 'RoleGranted',
            userId: aliceRegistered.userId,
            role: 'moderator',
            grantedBy: adminRegistered.userId,
          },
        ]));

    it('rejects a role grant by a non-admin with FORBIDDEN', () =>
      spec
        .given([aliceRegistered])
        .when(grant(['user']))
        .thenRejects('FORBIDDEN'));

    it('rejects a grant to an unknown user with USER_NOT_FOUND', () =>
      spec
        .given([adminRegistered])
        .when(grant(['user', 'admin'], '018f0000-0000-7000-8000-00000000dead'))
        .thenRejects('USER_NOT_FOUND'));

    it('treats granting a role the user already has as a no-op', () =>
      spec
        .given([
          aliceRegistered,
          adminRegistered,
          {
            type: 'RoleGranted',
            userId: aliceRegistered.userId,
            role: 'moderator',
            grantedBy: 'x',
          },
        ])
        .when(grant(['user', 'admin']))
        .then([]));
  });

  it('logs a user out', () =>
    spec
      .given([aliceRegistered])
      .when({ type: 'LogOut', receivedAt: at(4), userId: aliceRegistered.userId })
      .then([{ type: 'UserLoggedOut', userId: aliceRegistered.userId, at: at(4).toISOString() }]));
});
