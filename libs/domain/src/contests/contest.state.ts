import { AcceptancePolicy } from './acceptance-policy';

export interface ContestRecord {
  readonly contestId: string;
  readonly ownerId: string;
  readonly submissionsCloseAt: string;
  readonly votingOpensAt: string;
  readonly votingClosesAt: string;
  readonly closedAt: string | null;
  /**
   * FinalizeContest was decided: its standings are final, so no later command on the contest
   * is accepted, whatever its receivedAt (docs/DESIGN.md, "Final means final").
   */
  readonly finalized: boolean;
  readonly rulesetId: string;
  readonly acceptance: AcceptancePolicy;
}

export interface EntryRecord {
  readonly entryId: string;
  readonly contestId: string;
  readonly authorId: string;
  readonly withdrawn: boolean;
}

export interface CommentRecord {
  readonly commentId: string;
  readonly entryId: string;
  readonly contestId: string;
  readonly authorId: string;
  readonly deleted: boolean;
}

/** A ruleset as contests use it: acceptance for deciders, scoring (opaque here) for views. */
export interface RulesetRecord {
  readonly rulesetId: string;
  readonly name: string;
  readonly hash: string;
  readonly acceptance: AcceptancePolicy;
  /** The scoring half of the ruleset, as the ranking engine validated it. */
  readonly scoring: Readonly<Record<string, unknown>>;
}

export interface AccountRecord {
  readonly userId: string;
  readonly displayName: string;
  readonly registeredAt: string;
}

/**
 * What the contest deciders may consult. Live handling loads the slice one command needs
 * (one contest, one entry, one voter's votes); replays hold everything. Both go through
 * `evolveContest`, which updates the maps in place: a replay of a million commands cannot
 * afford a copy per event.
 */
export interface ContestState {
  readonly contests: Map<string, ContestRecord>;
  readonly entries: Map<string, EntryRecord>;
  /** The current vote of each (entry, voter) pair; retracted pairs are absent. */
  readonly votes: Map<string, 1 | -1>;
  /** Active votes of a voter in a contest, for maxVotesPerUserPerContest. */
  readonly activeVotes: Map<string, number>;
  /** Entries of an author in a contest that are not withdrawn. */
  readonly liveEntries: Map<string, number>;
  readonly comments: Map<string, CommentRecord>;
  readonly accounts: Map<string, AccountRecord>;
  /** The rulesets a contest may be created with. */
  readonly rulesets: Map<string, RulesetRecord>;
}

export const emptyContestState = (): ContestState => ({
  contests: new Map(),
  entries: new Map(),
  votes: new Map(),
  activeVotes: new Map(),
  liveEntries: new Map(),
  comments: new Map(),
  accounts: new Map(),
  rulesets: new Map(),
});

export const pairKey = (entryId: string, voterId: string) => `${entryId}|${voterId}`;
export const inContest = (contestId: string, userId: string) => `${contestId}|${userId}`;
