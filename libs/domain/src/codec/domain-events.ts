import { ContestEvent } from '../contests/contest.events';
import { IdentityEvent } from '../identity/identity.events';
import { OperationsEvent } from '../operations/operations.events';
import { RulesetCreated } from '../rulesets/rulesets';

/** Every event a command log row can hold. */
export type DomainEvent = ContestEvent | IdentityEvent | RulesetCreated | OperationsEvent;
export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** Keyed by every event type, so this list cannot fall behind the unions above. */
const EVENT_TYPES: { readonly [T in DomainEventType]: true } = {
  ContestCreated: true,
  ContestClosed: true,
  EntrySubmitted: true,
  EntryWithdrawn: true,
  VoteCast: true,
  VoteRetracted: true,
  CommentAdded: true,
  CommentDeleted: true,
  ViewRecorded: true,
  ContestRulesetChanged: true,
  UserRegistered: true,
  LoginSucceeded: true,
  LoginFailed: true,
  LoginLockedOut: true,
  UserLoggedOut: true,
  RoleGranted: true,
  RulesetCreated: true,
  ReplayRequested: true,
  ProjectionRebuildRequested: true,
  DeadLetterRetried: true,
  DeadLetterSkipped: true,
};

export const DOMAIN_EVENT_TYPES = Object.keys(EVENT_TYPES) as readonly DomainEventType[];

/** A stored event of a type no decider of this code makes (a newer writer's, or damage). */
export class EventDecodeError extends Error {
  constructor(readonly storedType: unknown) {
    super(`unknown event type ${JSON.stringify(storedType)}`);
  }
}

/**
 * A stored event as the domain's union. Events are stored as the deciders made them, by the
 * same typed code in the same transaction as their command, so the type tag is what is
 * checked: an unknown one is an error for the reader to report, never a row silently skipped.
 */
export function decodeEvent(stored: unknown): DomainEvent {
  const type = (stored as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(EVENT_TYPES, type))
    throw new EventDecodeError(type);
  return stored as DomainEvent;
}

/**
 * What a reader of the log does with each event type: a handler, or 'ignored'. Keyed by every
 * event type, so a new event does not compile until every reader has decided about it.
 */
export type EventHandlers<Context> = {
  readonly [T in DomainEventType]: ((event: EventOf<T>, context: Context) => void) | 'ignored';
};

/** Runs the handler `handlers` holds for the event's type, if it is not 'ignored'. */
export function handleEvent<Context>(
  handlers: EventHandlers<Context>,
  event: DomainEvent,
  context: Context,
): void {
  const handler = handlers[event.type] as ((e: DomainEvent, c: Context) => void) | 'ignored';
  if (handler !== 'ignored') handler(event, context);
}

/** The event types a handler table leaves undecided (a table built at run time, or by a cast). */
export function undecidedEventTypes(
  handlers: Readonly<Record<string, unknown>>,
): DomainEventType[] {
  return DOMAIN_EVENT_TYPES.filter((type) => {
    const handler = handlers[type];
    return handler !== 'ignored' && typeof handler !== 'function';
  });
}
