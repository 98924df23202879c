/**
 * Every stable machine code a command can be refused with. Analysts query the log by these
 * strings, so they are never renamed; new ones are only added.
 */
export const REJECTION_CODES = [
  // edge refusals (before any decider runs)
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'ROUTE_NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_IDEMPOTENCY_KEY',
  'INVALID_CURSOR',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  // the platform could not take the command now (503 with Retry-After)
  'DATABASE_UNAVAILABLE',
  'SESSION_STORE_UNAVAILABLE',
  'SHUTTING_DOWN',
  // a command Postgres refused to store (a byte or value it cannot hold, a constraint)
  'COMMAND_NOT_STORABLE',
  // reads of views (never logged: reads are not commands)
  'PROJECTION_BEHIND',
  'NOT_FOUND',
  // identity
  'USERNAME_TAKEN',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'TOO_MANY_FAILED_LOGINS',
  'USER_NOT_FOUND',
  // contests, entries, votes, comments, views
  'INVALID_SCHEDULE',
  'RULESET_NOT_FOUND',
  'CONTEST_NOT_FOUND',
  'NOT_CONTEST_OWNER',
  'CONTEST_CLOSED',
  'CONTEST_FINALIZED',
  'VOTING_NOT_OVER',
  'SUBMISSIONS_CLOSED',
  'ALREADY_SUBMITTED',
  'ENTRY_NOT_FOUND',
  'NOT_ENTRY_AUTHOR',
  'ENTRY_WITHDRAWN',
  'VOTING_NOT_OPEN',
  'VOTING_CLOSED',
  'SELF_VOTE_FORBIDDEN',
  'DOWNVOTES_DISABLED',
  'ALREADY_VOTED',
  'VOTE_LIMIT_REACHED',
  'ACCOUNT_TOO_NEW',
  'NO_VOTE_TO_RETRACT',
  'COMMENTS_CLOSED',
  'COMMENT_NOT_FOUND',
  'NOT_COMMENT_AUTHOR',
  // rulesets and replays
  'INVALID_RULESET',
  'REPLAY_NOT_FOUND',
  // operations
  'DEAD_LETTER_NOT_FOUND',
  'DEAD_LETTER_RESOLVED',
  'PROJECTION_NOT_FOUND',
  'REBUILD_RUNNING',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export function isRejectionCode(value: string): value is RejectionCode {
  return (REJECTION_CODES as readonly string[]).includes(value);
}
