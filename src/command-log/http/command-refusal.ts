import { HttpException } from '@nestjs/common';
import { RejectionCode } from '@contest/domain';
import { FieldProblem } from '../replies/problem';
import { RecordedCommand } from '../command-envelope';
import { StoredReply } from '../idempotency/idempotency.store';

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

/** A refused command already in the log: only its reply, made with it, is left to send. */
export class RecordedRejection extends Error {
  constructor(
    readonly recorded: RecordedCommand,
    readonly code: RejectionCode,
    readonly httpStatus: number,
    readonly body: Readonly<Record<string, unknown>>,
  ) {
    super(`${code} (${httpStatus})`);
  }
}

/** A repeated Idempotency-Key: the first reply goes out again and nothing is appended. */
export class IdempotentReplay extends Error {
  constructor(readonly stored: StoredReply) {
    super('idempotent replay');
  }
}

/** A flood-control refusal: answered 429, counted, never logged as a command. */
export class RateLimited extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 429);
  }
}
