import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  BAYESIAN_DEFAULT_M,
  BAYESIAN_DEFAULT_PRIOR,
  EXPONENTIAL_DEFAULT_HALF_LIFE_HOURS,
  GRAVITY_DEFAULT_GRAVITY,
  GRAVITY_DEFAULT_OFFSET_HOURS,
  MAX_PRECISION,
  STANDARD_V1,
  TIE_BREAK_KEYS,
  TRANSFORMS,
  WILSON_DEFAULT_Z,
} from '@contest/ranking-engine';
import { CommandReceipt } from '../platform/http/contract/command-receipt.schema';

/**
 * A ruleset's definition as docs/RULESET.md describes it and libs/ranking-engine validates it.
 * These classes are its canonical form, every field present (what replies carry); the
 * request's form, where every field may be omitted, is made from them in
 * create-ruleset.request.dto.ts. Defaults are those of standard-v1.
 */

const ACCEPTANCE = STANDARD_V1.acceptance;
const SCORING = STANDARD_V1.scoring;

/** How `transform` is described wherever it appears. */
const transform = (fallback: string) => ({
  enum: [...TRANSFORMS],
  default: fallback,
  description: 'Applied to the count before weighing: identity, log1p (ln(1 + x)) or sqrt',
});

const weight = (fallback: number) => ({
  type: 'number',
  format: 'double',
  default: fallback,
  description: 'Any finite number',
});

/** What the deciders consult when they accept or refuse a vote or an entry. */
export class RulesetAcceptance {
  @ApiProperty({
    default: ACCEPTANCE.allowDownvotes,
    description: 'false refuses a -1 vote with DOWNVOTES_DISABLED',
  })
  allowDownvotes!: boolean;

  @ApiProperty({
    default: ACCEPTANCE.allowSelfVotes,
    description: 'false refuses a vote on your own entry with SELF_VOTE_FORBIDDEN',
  })
  allowSelfVotes!: boolean;

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: ACCEPTANCE.minAccountAgeHoursToVote,
    description: 'A younger account is refused with ACCOUNT_TOO_NEW',
  })
  minAccountAgeHoursToVote!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    nullable: true,
    default: ACCEPTANCE.maxVotesPerUserPerContest,
    description: 'Active votes per voter and contest (VOTE_LIMIT_REACHED); null: no limit',
  })
  maxVotesPerUserPerContest!: number | null;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    default: ACCEPTANCE.maxEntriesPerUserPerContest,
    description: 'Entries not withdrawn per author and contest (ALREADY_SUBMITTED)',
  })
  maxEntriesPerUserPerContest!: number;
}

/** V = up − down. */
export class NetVoteAggregate {
  @ApiProperty({ enum: ['net'], description: 'The default kind' })
  kind!: 'net';
}

/** V = the lower bound of the Wilson score interval of up / (up + down). */
export class WilsonVoteAggregate {
  @ApiProperty({ enum: ['wilson'] })
  kind!: 'wilson';

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: WILSON_DEFAULT_Z,
    description: 'Greater than 0',
  })
  z!: number;
}

/** V = (m·C + up) / (m + up + down), C being the prior. */
export class BayesianVoteAggregate {
  @ApiProperty({ enum: ['bayesian'] })
  kind!: 'bayesian';

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: BAYESIAN_DEFAULT_M,
    description: 'Greater than 0',
  })
  m!: number;

  @ApiProperty({
    oneOf: [
      { type: 'number', format: 'double', minimum: 0, maximum: 1 },
      { type: 'string', enum: ['contest'] },
    ],
    default: BAYESIAN_DEFAULT_PRIOR,
    description: 'A number from 0 to 1, or "contest": the contest-wide up / (up + down)',
  })
  prior!: number | 'contest';
}

/** The models the variant fields refer to: each controller that shows a definition lists them. */
export const RULESET_VARIANT_MODELS = [
  NetVoteAggregate,
  WilsonVoteAggregate,
  BayesianVoteAggregate,
] as const;

export class VoteScoring {
  @ApiProperty(weight(SCORING.votes.weight))
  weight!: number;

  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(NetVoteAggregate) },
      { $ref: getSchemaPath(WilsonVoteAggregate) },
      { $ref: getSchemaPath(BayesianVoteAggregate) },
    ],
    description: 'How up and down votes make V, chosen by `kind`',
  })
  aggregate!: NetVoteAggregate | WilsonVoteAggregate | BayesianVoteAggregate;
}

export class CommentScoring {
  @ApiProperty(weight(SCORING.comments.weight))
  weight!: number;

  @ApiProperty(transform(SCORING.comments.transform))
  transform!: string;

  @ApiProperty({
    default: SCORING.comments.distinctAuthors,
    description: 'Count distinct authors of live comments rather than comments',
  })
  distinctAuthors!: boolean;

  @ApiProperty({
    default: SCORING.comments.excludeEntryAuthor,
    description: "Leave the entry author's own comments out",
  })
  excludeEntryAuthor!: boolean;
}

export class ViewScoring {
  @ApiProperty(weight(SCORING.views.weight))
  weight!: number;

  @ApiProperty(transform(SCORING.views.transform))
  transform!: string;

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: SCORING.views.dedupWindowMinutes,
    description: "A viewer's views of an entry within this many minutes count once",
  })
  dedupWindowMinutes!: number;

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: SCORING.views.minWatchSeconds,
    description: 'A shorter view does not count',
  })
  minWatchSeconds!: number;
}

export class WatchMinuteScoring {
  @ApiProperty(weight(SCORING.watchMinutes.weight))
  weight!: number;

  @ApiProperty(transform(SCORING.watchMinutes.transform))
  transform!: string;

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: SCORING.watchMinutes.maxSecondsPerView,
    description: 'Greater than 0: the seconds one view counts at most',
  })
  maxSecondsPerView!: number;
}

export class VoterEligibility {
  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: SCORING.eligibility.minVoterAccountAgeHours,
    description: 'A vote cast from a younger account counts nothing',
  })
  minVoterAccountAgeHours!: number;
}

export class NoDecay {
  @ApiProperty({ enum: ['none'], description: 'The default kind' })
  kind!: 'none';
}

/** Every counted fact weighs 2^(−age / halfLifeHours). */
export class ExponentialDecay {
  @ApiProperty({ enum: ['exponential'] })
  kind!: 'exponential';

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: EXPONENTIAL_DEFAULT_HALF_LIFE_HOURS,
    description: 'Greater than 0',
  })
  halfLifeHours!: number;
}

/** score ÷ (ageHours + offsetHours)^gravity, the Hacker News formula. */
export class GravityDecay {
  @ApiProperty({ enum: ['gravity'] })
  kind!: 'gravity';

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: GRAVITY_DEFAULT_GRAVITY,
  })
  gravity!: number;

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    default: GRAVITY_DEFAULT_OFFSET_HOURS,
  })
  offsetHours!: number;
}

export const DECAY_MODELS = [NoDecay, ExponentialDecay, GravityDecay] as const;

/** How the standings are computed from the accepted history. */
export class RulesetScoring {
  @ApiProperty({ type: () => VoteScoring })
  votes!: VoteScoring;

  @ApiProperty({ type: () => CommentScoring })
  comments!: CommentScoring;

  @ApiProperty({ type: () => ViewScoring })
  views!: ViewScoring;

  @ApiProperty({ type: () => WatchMinuteScoring })
  watchMinutes!: WatchMinuteScoring;

  @ApiProperty({ type: () => VoterEligibility })
  eligibility!: VoterEligibility;

  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(NoDecay) },
      { $ref: getSchemaPath(ExponentialDecay) },
      { $ref: getSchemaPath(GravityDecay) },
    ],
    description: 'How age lowers a score, chosen by `kind`',
  })
  decay!: NoDecay | ExponentialDecay | GravityDecay;

  @ApiProperty({
    enum: [...TIE_BREAK_KEYS],
    isArray: true,
    minItems: TIE_BREAK_KEYS.length,
    maxItems: TIE_BREAK_KEYS.length,
    uniqueItems: true,
    default: [...SCORING.tieBreak],
    description: 'The four keys, each exactly once, in the order ties are broken',
  })
  tieBreak!: string[];

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PRECISION,
    default: SCORING.precision,
    description: 'Decimals a score is rounded to (half away from zero)',
  })
  precision!: number;
}

/** A ruleset in its canonical form: every default filled in. */
export class RulesetDefinition {
  @ApiProperty({ type: () => RulesetAcceptance })
  acceptance!: RulesetAcceptance;

  @ApiProperty({ type: () => RulesetScoring })
  scoring!: RulesetScoring;
}

/** Every model a definition's variant fields refer to by name. */
export const RULESET_DEFINITION_MODELS = [...RULESET_VARIANT_MODELS, ...DECAY_MODELS];

const HASH = {
  pattern: '^[0-9a-f]{64}$',
  description: "The SHA-256 of the definition's canonical JSON, in lowercase hex",
};

const RULESET_ID = {
  minLength: 1,
  maxLength: 64,
  description: 'A UUIDv7, or the name of a built-in ruleset (standard-v1)',
  example: 'standard-v1',
};

export class RulesetCreatedReply extends CommandReceipt {
  @ApiProperty({
    ...RULESET_ID,
    description:
      "The ruleset's id: a new UUIDv7, or the id of the ruleset that already has this definition",
  })
  rulesetId!: string;

  @ApiProperty(HASH)
  hash!: string;
}

/** A stored ruleset, built-in or created by an admin. */
export class RulesetReply {
  @ApiProperty(RULESET_ID)
  rulesetId!: string;

  @ApiProperty({
    description: 'The name it was first stored with: the same definition sent again keeps it',
  })
  name!: string;

  @ApiProperty(HASH)
  hash!: string;

  @ApiProperty({ description: 'Whether it lives in code (standard-v1) rather than was created' })
  builtin!: boolean;

  @ApiProperty({ type: () => RulesetDefinition })
  definition!: RulesetDefinition;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The id of the admin who created it, or "system" for a built-in one',
  })
  createdBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class RulesetList {
  @ApiProperty({ type: [RulesetReply], description: 'Oldest first, the built-in ones included' })
  items!: RulesetReply[];
}
