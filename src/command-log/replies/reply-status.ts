import { Decision, RejectionCode } from '@contest/domain';
import { rejectionStatus } from './rejection-status';

/**
 * The status of an accepted command, by command type (API.md): 201 for creations, 202 for
 * work done later, 204 for a logout. A type missing here is a 200.
 */
export const ACCEPTED_STATUS: Readonly<Record<string, number>> = {
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
  RetryDeadLetter: 200,
  SkipDeadLetter: 200,
  RebuildProjection: 202,
  RequestReplay: 202,
};

/** Where one command type answers a code differently from the table: a view of a closed contest. */
const REFUSAL_STATUS_OF_TYPE: Readonly<Record<string, Partial<Record<RejectionCode, number>>>> = {
  RecordView: { CONTEST_CLOSED: 422 },
};

/** The one place a decided command's HTTP status is chosen. */
export function replyStatus(type: string, decision: Decision<unknown>): number {
  if (decision.status === 'accepted') return ACCEPTED_STATUS[type] ?? 200;
  const code = decision.rejection.code;
  return REFUSAL_STATUS_OF_TYPE[type]?.[code] ?? rejectionStatus(code);
}
