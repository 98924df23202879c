import { assertNever } from '../decision';
import { IdentityEvent } from './identity.events';
import { IdentityState, NO_THROTTLE } from './identity.state';

export function evolveIdentity(state: IdentityState, event: IdentityEvent): IdentityState {
  switch (event.type) {
    case 'UserRegistered': {
      const account = {
        userId: event.userId,
        username: event.username,
        email: event.email,
        displayName: event.displayName,
        roles: event.roles,
        registeredAt: event.registeredAt,
      };
      return {
        ...state,
        accountsById: new Map(state.accountsById).set(event.userId, account),
        userIdsByUsername: new Map(state.userIdsByUsername).set(event.username, event.userId),
        emails: new Set(state.emails).add(event.email),
      };
    }
    case 'LoginSucceeded': {
      // A success forgives earlier failures.
      const throttles = new Map(state.throttles);
      throttles.delete(event.username);
      return { ...state, throttles };
    }
    case 'LoginFailed': {
      const current = state.throttles.get(event.username) ?? NO_THROTTLE;
      const failures = [...current.failures, event.at].slice(-event.failuresInWindow);
      return {
        ...state,
        throttles: new Map(state.throttles).set(event.username, { ...current, failures }),
      };
    }
    case 'LoginLockedOut': {
      // The lock replaces the failures that caused it: after it expires, counting starts over.
      return {
        ...state,
        throttles: new Map(state.throttles).set(event.username, {
          failures: [],
          lockedUntil: event.lockedUntil,
        }),
      };
    }
    case 'UserLoggedOut':
      return state;
    case 'RoleGranted': {
      const account = state.accountsById.get(event.userId);
      if (account === undefined) return state;
      return {
        ...state,
        accountsById: new Map(state.accountsById).set(event.userId, {
          ...account,
          roles: [...account.roles, event.role],
        }),
      };
    }
    default:
      return assertNever(event);
  }
}
