import { Role } from '../identity/identity.commands';

/** Who issues a command: a user with roles, or the platform itself. */
export interface CommandActor {
  readonly userId: string;
  readonly roles: readonly Role[];
}

export interface CreateContest {
  readonly type: 'CreateContest';
  readonly receivedAt: Date;
  readonly contestId: string;
  readonly owner: CommandActor;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly submissionsCloseAt: Date;
  /** Defaults to the creation time. */
  readonly votingOpensAt: Date | null;
  readonly votingClosesAt: Date;
  readonly rulesetId: string;
}

export interface CloseContest {
  readonly type: 'CloseContest';
  readonly receivedAt: Date;
  readonly contestId: string;
  readonly actor: CommandActor;
}

/** Issued by the platform (a delayed job) once votingClosesAt has passed. */
export interface FinalizeContest {
  readonly type: 'FinalizeContest';
  readonly receivedAt: Date;
  readonly contestId: string;
}

export interface SubmitEntry {
  readonly type: 'SubmitEntry';
  readonly receivedAt: Date;
  readonly entryId: string;
  readonly contestId: string;
  readonly author: CommandActor;
  readonly title: string;
  readonly videoUrl: string;
  readonly description: string;
}

export interface WithdrawEntry {
  readonly type: 'WithdrawEntry';
  readonly receivedAt: Date;
  readonly entryId: string;
  readonly actor: CommandActor;
}

export interface CastVote {
  readonly type: 'CastVote';
  readonly receivedAt: Date;
  readonly entryId: string;
  readonly voter: CommandActor;
  readonly value: 1 | -1;
}

export interface RetractVote {
  readonly type: 'RetractVote';
  readonly receivedAt: Date;
  readonly entryId: string;
  readonly voter: CommandActor;
}

export interface AddComment {
  readonly type: 'AddComment';
  readonly receivedAt: Date;
  readonly commentId: string;
  readonly entryId: string;
  readonly author: CommandActor;
  readonly body: string;
}

export interface DeleteComment {
  readonly type: 'DeleteComment';
  readonly receivedAt: Date;
  readonly commentId: string;
  readonly actor: CommandActor;
}

/** Admins switch a live contest to another ruleset; new commands are decided under it. */
export interface ChangeContestRuleset {
  readonly type: 'ChangeContestRuleset';
  readonly receivedAt: Date;
  readonly contestId: string;
  readonly rulesetId: string;
  readonly actor: CommandActor;
}

export interface RecordView {
  readonly type: 'RecordView';
  readonly receivedAt: Date;
  readonly entryId: string;
  /** `user:<id>` when signed in, else `anon:<viewerId>`. */
  readonly viewerKey: string;
  readonly watchedSeconds: number;
}

export type ContestCommand =
  | CreateContest
  | CloseContest
  | FinalizeContest
  | SubmitEntry
  | WithdrawEntry
  | CastVote
  | RetractVote
  | AddComment
  | DeleteComment
  | RecordView
  | ChangeContestRuleset;

/** Keyed by every contest command type, so the list cannot fall behind the union. */
const CONTEST_COMMAND_TYPES: { readonly [T in ContestCommand['type']]: true } = {
  CreateContest: true,
  CloseContest: true,
  FinalizeContest: true,
  SubmitEntry: true,
  WithdrawEntry: true,
  CastVote: true,
  RetractVote: true,
  AddComment: true,
  DeleteComment: true,
  RecordView: true,
  ChangeContestRuleset: true,
};

/** Whether a command type is one the contest decider takes. */
export function isContestCommandType(type: string): type is ContestCommand['type'] {
  return Object.prototype.hasOwnProperty.call(CONTEST_COMMAND_TYPES, type);
}
