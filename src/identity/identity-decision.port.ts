import { Injectable } from '@nestjs/common';
import {
  assertNever,
  Decision,
  decideIdentity,
  evolveIdentity,
  IdentityCommand,
  IdentityEvent,
  IdentityState,
} from '@contest/domain';
import { EntityManager } from 'typeorm';
import { userStream, usernameStream } from '../command-log/command-routes';
import { DecisionPort } from '../command-log/pipeline/decision-port';
import { IdentityStateKeys, IdentityStateRepository } from './identity-state.repository';

/** An identity command, with the password hash a registration stores beside its account. */
export interface IdentityDecisionInput {
  readonly command: IdentityCommand;
  readonly passwordHash?: string;
}

/** The state a batch is decided against: as loaded, as decided so far, and new credentials. */
export interface IdentityBatchState {
  readonly loaded: IdentityState;
  current: IdentityState;
  readonly credentials: Map<string, string>;
}

/**
 * Identity's side of the command pipeline: registrations, logins, logouts and role grants of
 * one stream are decided one after another against the accounts and throttles they name.
 */
@Injectable()
export class IdentityDecisionPort implements DecisionPort<
  IdentityBatchState,
  IdentityDecisionInput,
  IdentityEvent
> {
  constructor(private readonly state: IdentityStateRepository) {}

  async load(
    tx: EntityManager,
    inputs: readonly IdentityDecisionInput[],
  ): Promise<IdentityBatchState> {
    const loaded = await this.state.load(
      tx,
      inputs.map((input) => stateKeysOf(input.command)),
    );
    return { loaded, current: loaded, credentials: new Map() };
  }

  decide(input: IdentityDecisionInput, state: IdentityBatchState): Decision<IdentityEvent> {
    const decision = decideIdentity(input.command, state.current);
    state.current = decision.events.reduce(evolveIdentity, state.current);
    for (const event of decision.events) {
      if (event.type === 'UserRegistered' && input.passwordHash !== undefined)
        state.credentials.set(event.userId, input.passwordHash);
    }
    return decision;
  }

  async persist(
    tx: EntityManager,
    events: readonly IdentityEvent[],
    state: IdentityBatchState,
  ): Promise<void> {
    await this.state.save(tx, events, state.loaded);
    for (const [userId, hash] of state.credentials) {
      await this.state.saveCredentials(tx, userId, hash);
    }
  }
}

function stateKeysOf(command: IdentityCommand): IdentityStateKeys {
  switch (command.type) {
    case 'RegisterUser':
      return { username: command.username, email: command.email };
    case 'LogIn':
      return { username: command.username };
    case 'LogOut':
    case 'GrantRole':
      return { userId: command.userId };
    default:
      return assertNever(command);
  }
}

/** The streams an identity command is ordered in: its username (and e-mail), or its user. */
export function identityLocks(command: IdentityCommand): string[] {
  switch (command.type) {
    case 'RegisterUser':
      return [usernameStream(command.username), `email:${command.email}`];
    case 'LogIn':
      return [usernameStream(command.username)];
    case 'LogOut':
    case 'GrantRole':
      return [userStream(command.userId)];
    default:
      return assertNever(command);
  }
}
