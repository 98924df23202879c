import type { AcceptancePolicy } from '@contest/domain';

/**
 * The ruleset contract of docs/RULESET.md. After validation every field is present, so the engine
 * never has to know a default.
 */

export const TRANSFORMS = ['identity', 'log1p', 'sqrt'] as const;
export type Transform = (typeof TRANSFORMS)[number];

export const TIE_BREAK_KEYS = ['score', 'upvotes', 'submittedAt', 'entryId'] as const;
export type TieBreakKey = (typeof TIE_BREAK_KEYS)[number];

export const AGGREGATE_KINDS = ['net', 'wilson', 'bayesian'] as const;
export const DECAY_KINDS = ['none', 'exponential', 'gravity'] as const;

/** Declared by the domain, whose deciders consult it; validated and defaulted here. */
export type { AcceptancePolicy };

export type VoteAggregate =
  | { readonly kind: 'net' }
  | { readonly kind: 'wilson'; readonly z: number }
  | { readonly kind: 'bayesian'; readonly m: number; readonly prior: number | 'contest' };

export type Decay =
  | { readonly kind: 'none' }
  | { readonly kind: 'exponential'; readonly halfLifeHours: number }
  | { readonly kind: 'gravity'; readonly gravity: number; readonly offsetHours: number };

export interface VoteRules {
  readonly weight: number;
  readonly aggregate: VoteAggregate;
}

export interface CommentRules {
  readonly weight: number;
  readonly transform: Transform;
  readonly distinctAuthors: boolean;
  readonly excludeEntryAuthor: boolean;
}

export interface ViewRules {
  readonly weight: number;
  readonly transform: Transform;
  readonly dedupWindowMinutes: number;
  readonly minWatchSeconds: number;
}

export interface WatchMinuteRules {
  readonly weight: number;
  readonly transform: Transform;
  readonly maxSecondsPerView: number;
}

export interface EligibilityRules {
  readonly minVoterAccountAgeHours: number;
}

export interface ScoringRules {
  readonly votes: VoteRules;
  readonly comments: CommentRules;
  readonly views: ViewRules;
  readonly watchMinutes: WatchMinuteRules;
  readonly eligibility: EligibilityRules;
  readonly decay: Decay;
  readonly tieBreak: readonly TieBreakKey[];
  readonly precision: number;
}

export interface Ruleset {
  readonly acceptance: AcceptancePolicy;
  readonly scoring: ScoringRules;
}

/** Defaults of the variant fields, used when a kind is chosen but its parameters are omitted. */
export const WILSON_DEFAULT_Z = 1.96;
export const BAYESIAN_DEFAULT_M = 10;
export const BAYESIAN_DEFAULT_PRIOR = 0.5;
export const EXPONENTIAL_DEFAULT_HALF_LIFE_HOURS = 24;
export const GRAVITY_DEFAULT_GRAVITY = 1.8;
export const GRAVITY_DEFAULT_OFFSET_HOURS = 2;
export const MAX_PRECISION = 12;

export const STANDARD_V1_NAME = 'standard-v1';

/** The built-in default: the JSON block of docs/RULESET.md, field for field. */
export const STANDARD_V1: Ruleset = deepFreeze({
  acceptance: {
    allowDownvotes: true,
    allowSelfVotes: false,
    minAccountAgeHoursToVote: 0,
    maxVotesPerUserPerContest: null,
    maxEntriesPerUserPerContest: 1,
  },
  scoring: {
    votes: { weight: 1, aggregate: { kind: 'net' } },
    comments: { weight: 0.5, transform: 'log1p', distinctAuthors: true, excludeEntryAuthor: true },
    views: { weight: 0.1, transform: 'log1p', dedupWindowMinutes: 30, minWatchSeconds: 3 },
    watchMinutes: { weight: 0, transform: 'identity', maxSecondsPerView: 600 },
    eligibility: { minVoterAccountAgeHours: 0 },
    decay: { kind: 'none' },
    tieBreak: ['score', 'upvotes', 'submittedAt', 'entryId'],
    precision: 6,
  },
});

// Shared constants must not be mutated by a caller: a changed default would change every hash.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
