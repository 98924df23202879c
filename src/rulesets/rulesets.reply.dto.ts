import { ApiProperty, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
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
const transform = (fallback: string): ApiPropertyOptions =>
  defaulting(fallback, {
    enum: [...TRANSFORMS],
    description: 'Applied to the count before weighing: identity, log1p (ln(1 + x)) or sqrt',
  });

const weight = (fallback: number): ApiPropertyOptions =>
  defaulting(fallback, { type: 'number', format: 'double', description: 'Any finite number' });

/**
 * A field's default, said in its description: openapi-typescript makes a property with a
 * `default` required, and in a request every field of a definition may be omitted.
 */
function defaulting(fallback: unknown, options: ApiPropertyOptions): ApiPropertyOptions {
  const said = `Default: ${JSON.stringify(fallback)}.`;
  return {
    ...options,
    description: options.description ? `${options.description}. ${said}` : said,
  } as ApiPropertyOptions;
}

/** What the deciders consult when they accept or refuse a vote or an entry. */
export class RulesetAcceptance {
  @ApiProperty(
    defaulting(ACCEPTANCE.allowDownvotes, {
      description: 'false refuses a -1 vote with DOWNVOTES_DISABLED',
    }),
  )
  allowDownvotes!: boolean;

  @ApiProperty(
    defaulting(ACCEPTANCE.allowSelfVotes, {
      description: 'false refuses a vote on your own entry with SELF_VOTE_FORBIDDEN',
    }),
  )
  allowSelfVotes!: boolean;

  @ApiProperty(
    defaulting(ACCEPTANCE.minAccountAgeHoursToVote, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: 'A younger account is refused with ACCOUNT_TOO_NEW',
    }),
  )
  minAccountAgeHoursToVote!: number;

  @ApiProperty(
    defaulting(ACCEPTANCE.maxVotesPerUserPerContest, {
      type: 'integer',
      minimum: 1,
      nullable: true,
      description: 'Active votes per voter and contest (VOTE_LIMIT_REACHED); null: no limit',
    }),
  )
  maxVotesPerUserPerContest!: number | null;

  @ApiProperty(
    defaulting(ACCEPTANCE.maxEntriesPerUserPerContest, {
      type: 'integer',
      minimum: 1,
      description: 'Entries not withdrawn per author and contest (ALREADY_SUBMITTED)',
    }),
  )
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

  @ApiProperty(
    defaulting(WILSON_DEFAULT_Z, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: 'Greater than 0',
    }),
  )
  z!: number;
}

/** V = (m·C + up) / (m + up + down), C being the prior. */
export class BayesianVoteAggregate {
  @ApiProperty({ enum: ['bayesian'] })
  kind!: 'bayesian';

  @ApiProperty(
    defaulting(BAYESIAN_DEFAULT_M, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: 'Greater than 0',
    }),
  )
  m!: number;

  @ApiProperty(
    defaulting(BAYESIAN_DEFAULT_PRIOR, {
      oneOf: [
        { type: 'number', format: 'double', minimum: 0, maximum: 1 },
        { type: 'string', enum: ['contest'] },
      ],
      description: 'A number from 0 to 1, or "contest": the contest-wide up / (up + down)',
    }),
  )
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

  @ApiProperty(
    defaulting(SCORING.comments.distinctAuthors, {
      description: 'Count distinct authors of live comments rather than comments',
    }),
  )
  distinctAuthors!: boolean;

  @ApiProperty(
    defaulting(SCORING.comments.excludeEntryAuthor, {
      description: "Leave the entry author's own comments out",
    }),
  )
  excludeEntryAuthor!: boolean;
}

export class ViewScoring {
  @ApiProperty(weight(SCORING.views.weight))
  weight!: number;

  @ApiProperty(transform(SCORING.views.transform))
  transform!: string;

  @ApiProperty(
    defaulting(SCORING.views.dedupWindowMinutes, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: "A viewer's views of an entry within this many minutes count once",
    }),
  )
  dedupWindowMinutes!: number;

  @ApiProperty(
    defaulting(SCORING.views.minWatchSeconds, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: 'A shorter view does not count',
    }),
  )
  minWatchSeconds!: number;
}

export class WatchMinuteScoring {
  @ApiProperty(weight(SCORING.watchMinutes.weight))
  weight!: number;

  @ApiProperty(transform(SCORING.watchMinutes.transform))
  transform!: string;

  @ApiProperty(
    defaulting(SCORING.watchMinutes.maxSecondsPerView, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: 'Greater than 0: the seconds one view counts at most',
    }),
  )
  maxSecondsPerView!: number;
}

export class VoterEligibility {
  @ApiProperty(
    defaulting(SCORING.eligibility.minVoterAccountAgeHours, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: 'A vote cast from a younger account counts nothing',
    }),
  )
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

  @ApiProperty(
    defaulting(EXPONENTIAL_DEFAULT_HALF_LIFE_HOURS, {
      type: 'number',
      format: 'double',
      minimum: 0,
      description: 'Greater than 0',
    }),
  )
  halfLifeHours!: number;
}

/** score ÷ (ageHours + offsetHours)^gravity, the Hacker News formula. */
export class GravityDecay {
  @ApiProperty({ enum: ['gravity'] })
  kind!: 'gravity';

  @ApiProperty(
    defaulting(GRAVITY_DEFAULT_GRAVITY, {
      type: 'number',
      format: 'double',
      minimum: 0,
    }),
  )
  gravity!: number;

  @ApiProperty(
    defaulting(GRAVITY_DEFAULT_OFFSET_HOURS, {
      type: 'number',
      format: 'double',
      minimum: 0,
    }),
  )
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

  @ApiProperty(
    defaulting([...SCORING.tieBreak], {
      enum: [...TIE_BREAK_KEYS],
      isArray: true,
      minItems: TIE_BREAK_KEYS.length,
      maxItems: TIE_BREAK_KEYS.length,
      uniqueItems: true,
      description: 'The four keys, each exactly once, in the order ties are broken',
    }),
  )
  tieBreak!: string[];

  @ApiProperty(
    defaulting(SCORING.precision, {
      type: 'integer',
      minimum: 0,
      maximum: MAX_PRECISION,
      description: 'Decimals a score is rounded to (half away from zero)',
    }),
  )
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
