import { AcceptancePolicy } from './acceptance-policy';
import { RulesetRecord } from './contest.state';

export interface ContestCreated {
  readonly type: 'ContestCreated';
  readonly contestId: string;
  readonly ownerId: string;
  readonly ownerName: string;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly submissionsCloseAt: string;
  readonly votingOpensAt: string;
  readonly votingClosesAt: string;
  readonly rulesetId: string;
  readonly acceptance: AcceptancePolicy;
  /** The whole ruleset, so views and replays score without looking anything up. */
  readonly ruleset: RulesetRecord;
  readonly createdAt: string;
}

export interface ContestClosed {
  readonly type: 'ContestClosed';
  readonly contestId: string;
  /** For a finalized contest, its votingClosesAt; for one closed early, the close time. */
  readonly closedAt: string;
  readonly reason: 'closed' | 'finalized';
  readonly closedBy: string;
}

export interface EntrySubmitted {
  readonly type: 'EntrySubmitted';
  readonly entryId: string;
  readonly contestId: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly title: string;
  readonly videoUrl: string;
  readonly description: string;
  readonly submittedAt: string;
}

export interface EntryWithdrawn {
  readonly type: 'EntryWithdrawn';
  readonly entryId: string;
  readonly contestId: string;
  readonly authorId: string;
  readonly withdrawnAt: string;
}

export interface VoteCast {
  readonly type: 'VoteCast';
  readonly entryId: string;
  readonly contestId: string;
  readonly voterId: string;
  readonly value: 1 | -1;
  /** The value this vote replaces (a flip), or null for a new vote. */
  readonly previousValue: 1 | -1 | null;
  readonly castAt: string;
  /** For the scoring's voter eligibility, so no view has to look the account up. */
  readonly voterRegisteredAt: string;
}

export interface VoteRetracted {
  readonly type: 'VoteRetracted';
  readonly entryId: string;
  readonly contestId: string;
  readonly voterId: string;
  readonly previousValue: 1 | -1;
  readonly retractedAt: string;
}

export interface CommentAdded {
  readonly type: 'CommentAdded';
  readonly commentId: string;
  readonly entryId: string;
  readonly contestId: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly body: string;
  readonly createdAt: string;
}

export interface CommentDeleted {
  readonly type: 'CommentDeleted';
  readonly commentId: string;
  readonly entryId: string;
  readonly contestId: string;
  readonly authorId: string;
  readonly deletedBy: string;
  readonly deletedAt: string;
}

export interface ViewRecorded {
  readonly type: 'ViewRecorded';
  readonly entryId: string;
  readonly contestId: string;
  readonly viewerKey: string;
  readonly watchedSeconds: number;
  readonly viewedAt: string;
}

export interface ContestRulesetChanged {
  readonly type: 'ContestRulesetChanged';
  readonly contestId: string;
  readonly ruleset: RulesetRecord;
  readonly acceptance: AcceptancePolicy;
  readonly changedBy: string;
  readonly changedAt: string;
}

export type ContestEvent =
  | ContestCreated
  | ContestClosed
  | EntrySubmitted
  | EntryWithdrawn
  | VoteCast
  | VoteRetracted
  | CommentAdded
  | CommentDeleted
  | ViewRecorded
  | ContestRulesetChanged;
