/**
 * The acceptance half of a ruleset (docs/RULESET.md): the policies deciders consult. The ranking
 * engine validates and defaults it; here it is only read.
 */
export interface AcceptancePolicy {
  readonly allowDownvotes: boolean;
  readonly allowSelfVotes: boolean;
  readonly minAccountAgeHoursToVote: number;
  readonly maxVotesPerUserPerContest: number | null;
  readonly maxEntriesPerUserPerContest: number;
}

export const STANDARD_ACCEPTANCE: AcceptancePolicy = {
  allowDownvotes: true,
  allowSelfVotes: false,
  minAccountAgeHoursToVote: 0,
  maxVotesPerUserPerContest: null,
  maxEntriesPerUserPerContest: 1,
};
