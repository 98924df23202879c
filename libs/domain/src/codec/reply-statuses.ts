import { Decision } from '../decision';
import { RejectionCode } from '../rejection-codes';
import { DomainCommandType } from './command-codec';

/**
 * The one place commands and refusal codes meet HTTP statuses (docs/API.md's tables). Both
 * tables are keyed by every command type and every code: a new one does not compile until it
 * has a status.
 */

/** The status of an accepted command: 201 for creations, 202 for work done later, 204 for a logout. */
const ACCEPTED_STATUS: { readonly [T in DomainCommandType]: number } = {
  RegisterUser: 201,
  LogIn: 200,
  LogOut: 204,
  GrantRole: 200,
  CreateContest: 201,
  CloseContest: 200,
  FinalizeContest: 200,
  SubmitEntry: 201,
  WithdrawEntry: 200,
  CastVote: 200,
  RetractVote: 200,
  AddComment: 201,
  DeleteComment: 200,
  RecordView: 202,
  ChangeContestRuleset: 200,
  CreateRuleset: 201,
  RequestReplay: 202,
  RebuildProjection: 202,
  RetryDeadLetter: 200,
  SkipDeadLetter: 200,
};

const REFUSAL_STATUS: { readonly [C in RejectionCode]: number } = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  ROUTE_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_IDEMPOTENCY_KEY: 400,
  INVALID_CURSOR: 400,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  DATABASE_UNAVAILABLE: 503,
  SESSION_STORE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  COMMAND_NOT_STORABLE: 422,
  PROJECTION_BEHIND: 503,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_FAILED_LOGINS: 429,
  USER_NOT_FOUND: 404,
  INVALID_SCHEDULE: 422,
  RULESET_NOT_FOUND: 422,
  CONTEST_NOT_FOUND: 404,
  NOT_CONTEST_OWNER: 403,
  CONTEST_CLOSED: 409,
  CONTEST_FINALIZED: 409,
  VOTING_NOT_OVER: 409,
  SUBMISSIONS_CLOSED: 422,
  ALREADY_SUBMITTED: 409,
  ENTRY_NOT_FOUND: 404,
  NOT_ENTRY_AUTHOR: 403,
  ENTRY_WITHDRAWN: 410,
  VOTING_NOT_OPEN: 422,
  VOTING_CLOSED: 422,
  SELF_VOTE_FORBIDDEN: 403,
  DOWNVOTES_DISABLED: 422,
  ALREADY_VOTED: 409,
  VOTE_LIMIT_REACHED: 429,
  ACCOUNT_TOO_NEW: 403,
  NO_VOTE_TO_RETRACT: 409,
  COMMENTS_CLOSED: 422,
  COMMENT_NOT_FOUND: 404,
  NOT_COMMENT_AUTHOR: 403,
  INVALID_RULESET: 400,
  REPLAY_NOT_FOUND: 404,
  DEAD_LETTER_NOT_FOUND: 404,
  DEAD_LETTER_RESOLVED: 409,
  PROJECTION_NOT_FOUND: 404,
  REBUILD_RUNNING: 409,
};

/** Where one command type answers a code differently: a view of a closed contest. */
const REFUSAL_STATUS_OF_TYPE: {
  readonly [T in DomainCommandType]?: { readonly [C in RejectionCode]?: number };
} = {
  RecordView: { CONTEST_CLOSED: 422 },
};

export function refusalStatus(code: RejectionCode): number {
  return REFUSAL_STATUS[code];
}

/**
 * The status of a decided command. `type` is a string because refusals at the edge are logged
 * under the type of the route they reached, known or not (UnknownCommand).
 */
export function replyStatus(type: string, decision: Decision<unknown>): number {
  const known = Object.prototype.hasOwnProperty.call(ACCEPTED_STATUS, type)
    ? (type as DomainCommandType)
    : null;
  if (decision.status === 'accepted') {
    if (!known) throw new Error(`no accepted status for the command type ${type}`);
    return ACCEPTED_STATUS[known];
  }
  return refusalStatusOf(type, decision.rejection.code);
}

/** The status a command of `type` is refused with for `code` (the contract documents it). */
export function refusalStatusOf(type: string, code: RejectionCode): number {
  const known = Object.prototype.hasOwnProperty.call(ACCEPTED_STATUS, type)
    ? (type as DomainCommandType)
    : null;
  return (known && REFUSAL_STATUS_OF_TYPE[known]?.[code]) ?? REFUSAL_STATUS[code];
}
