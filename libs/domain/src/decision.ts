import { RejectionCode } from './rejection-codes';

/** A refusal is a value, not an exception, so it can be logged with its stable code. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly detail: string;
}

/**
 * The outcome of deciding one command. A rejection may still carry events: a failed login is
 * refused, yet the failure itself is a fact the lockout rule must remember.
 */
export type Decision<E> =
  | { readonly status: 'accepted'; readonly events: readonly E[] }
  | { readonly status: 'rejected'; readonly rejection: Rejection; readonly events: readonly E[] };

export function accept<E>(...events: E[]): Decision<E> {
  return { status: 'accepted', events };
}

export function reject<E>(code: RejectionCode, detail: string, ...events: E[]): Decision<E> {
  return { status: 'rejected', rejection: { code, detail }, events };
}

/** Compile-time exhaustiveness: a new command or event type that is not handled fails to build. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
