import { RejectionCode } from '@contest/domain';

/** The one place refusal codes meet HTTP statuses (API.md's tables). */
const STATUS: Record<RejectionCode, number> = {
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

export function rejectionStatus(code: RejectionCode): number {
  return STATUS[code];
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}
