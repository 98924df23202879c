import { RejectionCode } from '@contest/domain';
import { RecordedCommand } from '../command-envelope';
import { StoredReply } from '../idempotency/idempotency.store';

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** A command refused at the edge (validation, authentication, roles): not yet in the log. */
export class CommandRefusal extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly detail: string,
    readonly errors?: readonly FieldProblem[],
  ) {
    super(`${code}: ${detail}`);
  }
}

/** A command a decider refused: already in the log, only the reply is left to send. */
export class RecordedRejection extends Error {
  constructor(
    readonly recorded: RecordedCommand,
    readonly code: RejectionCode,
    readonly detail: string,
    readonly httpStatus: number,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** A repeated Idempotency-Key: the first reply goes out again and nothing is appended. */
export class IdempotentReplay extends Error {
  constructor(readonly stored: StoredReply) {
    super('idempotent replay');
  }
}
