import { accept, assertNever, Decision, reject } from '../decision';
import { GrantRole, IdentityCommand, LogIn, RegisterUser } from './identity.commands';
import { IdentityEvent } from './identity.events';
import { IdentityState, NO_THROTTLE } from './identity.state';
import { LOGIN_POLICY } from './login-policy';

export function decideIdentity(
  command: IdentityCommand,
  state: IdentityState,
): Decision<IdentityEvent> {
  switch (command.type) {
    case 'RegisterUser':
      return register(command, state);
    case 'LogIn':
      return logIn(command, state);
    case 'LogOut':
      return accept({
        type: 'UserLoggedOut',
        userId: command.userId,
        at: command.receivedAt.toISOString(),
      });
    case 'GrantRole':
      return grantRole(command, state);
    default:
      return assertNever(command);
  }
}

function register(command: RegisterUser, state: IdentityState): Decision<IdentityEvent> {
  if (state.userIdsByUsername.has(command.username)) {
    return reject('USERNAME_TAKEN', `The username "${command.username}" is already taken.`);
  }
  if (state.emails.has(command.email)) {
    return reject('EMAIL_TAKEN', 'An account with this email address already exists.');
  }
  return accept({
    type: 'UserRegistered',
    userId: command.userId,
    username: command.username,
    email: command.email,
    displayName: command.displayName,
    roles: ['user', ...command.initialRoles.filter((role) => role !== 'user')],
    registeredAt: command.receivedAt.toISOString(),
  });
}

function logIn(command: LogIn, state: IdentityState): Decision<IdentityEvent> {
  const now = command.receivedAt.getTime();
  const throttle = state.throttles.get(command.username) ?? NO_THROTTLE;
  if (throttle.lockedUntil !== null && now < Date.parse(throttle.lockedUntil)) {
    return reject(
      'TOO_MANY_FAILED_LOGINS',
      `Too many failed logins for this username; try again after ${throttle.lockedUntil}.`,
    );
  }
  const userId = state.userIdsByUsername.get(command.username);
  const at = command.receivedAt.toISOString();
  if (userId !== undefined && command.passwordMatches) {
    return accept({ type: 'LoginSucceeded', userId, username: command.username, at });
  }
  const recent = throttle.failures.filter((t) => now - Date.parse(t) < LOGIN_POLICY.windowMs);
  const failuresInWindow = recent.length + 1;
  const failed: IdentityEvent = {
    type: 'LoginFailed',
    username: command.username,
    at,
    failuresInWindow,
  };
  // One message for an unknown user and a wrong password, so usernames cannot be probed.
  const detail = 'The username or password is not correct.';
  if (failuresInWindow >= LOGIN_POLICY.maxFailures) {
    const lockedUntil = new Date(now + LOGIN_POLICY.lockoutMs).toISOString();
    return reject<IdentityEvent>('INVALID_CREDENTIALS', detail, failed, {
      type: 'LoginLockedOut',
      username: command.username,
      lockedUntil,
    });
  }
  return reject('INVALID_CREDENTIALS', detail, failed);
}

function grantRole(command: GrantRole, state: IdentityState): Decision<IdentityEvent> {
  if (!command.actorRoles.includes('admin')) {
    return reject('FORBIDDEN', 'Only an admin can grant roles.');
  }
  const account = state.accountsById.get(command.userId);
  if (account === undefined) {
    return reject('USER_NOT_FOUND', `No user has the id ${command.userId}.`);
  }
  if (account.roles.includes(command.role)) {
    return accept(); // granting a role twice is a no-op, not an error
  }
  return accept({
    type: 'RoleGranted',
    userId: command.userId,
    role: command.role,
    grantedBy: command.actorId,
  });
}
