import { HttpException } from '@nestjs/common';
import { RejectionCode } from '@contest/domain';
import { RecordedCommand } from '../../platform/http/request-context';
import { StoredReply } from '../idempotency/idempotency.store';

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
