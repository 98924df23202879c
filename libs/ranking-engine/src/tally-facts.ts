/**
 * The accepted facts a ContestTally is fed, in log order. Times are `Date`s (the log's
 * receivedAt), like every time in the domain's commands; ids are strings.
 */

export interface EntrySubmission {
  readonly entryId: string;
  readonly authorId: string;
  readonly title: string;
  readonly authorName: string;
  readonly submittedAt: Date;
}

export interface VoteCast {
  readonly entryId: string;
  readonly voterId: string;
  readonly value: 1 | -1;
  readonly at: Date;
  /** Decides eligibility (scoring.eligibility.minVoterAccountAgeHours) at `at`. */
  readonly voterRegisteredAt: Date;
}

export interface VoteRetraction {
  readonly entryId: string;
  readonly voterId: string;
  readonly at: Date;
}

export interface CommentPosted {
  readonly commentId: string;
  readonly entryId: string;
  readonly authorId: string;
  readonly at: Date;
}

export interface ViewRecorded {
  readonly entryId: string;
  /** Whoever watched: a user id, or an anonymous key minted at the edge. */
  readonly viewerKey: string;
  readonly watchedSeconds: number;
  readonly at: Date;
}

/** One line of the standings. Counts are undecayed; only `score` carries decay. */
export interface RankedEntry {
  readonly rank: number;
  readonly entryId: string;
  readonly title: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly submittedAt: Date;
  readonly score: number;
  /** Eligible voters whose latest state is +1. */
  readonly upvotes: number;
  /** Eligible voters whose latest state is -1. */
  readonly downvotes: number;
  /** Counted comments: not deleted, distinctAuthors and excludeEntryAuthor applied. */
  readonly comments: number;
  readonly views: number;
  /** Σ min(watchedSeconds, maxSecondsPerView) over counted views. */
  readonly watchSeconds: number;
}

/** Contest-wide undecayed totals over the ranked (not withdrawn) entries. */
export interface ContestTotals {
  readonly entries: number;
  readonly upvotes: number;
  readonly downvotes: number;
  readonly comments: number;
  readonly views: number;
  readonly watchSeconds: number;
}

export function epochMs(time: Date, field: string): number {
  const ms = time.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${field} is an invalid Date`);
  return ms;
}

/** A withdrawn entry's counts, as RankedEntry counts them; it has no rank and no score. */
export type WithdrawnEntry = Pick<
  RankedEntry,
  'entryId' | 'upvotes' | 'downvotes' | 'comments' | 'views' | 'watchSeconds'
>;
