import {
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  OmitType,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import { IsObject, IsString, Length } from 'class-validator';
import {
  BayesianVoteAggregate,
  CommentScoring,
  ExponentialDecay,
  GravityDecay,
  NetVoteAggregate,
  NoDecay,
  RulesetAcceptance,
  RulesetScoring,
  ViewScoring,
  VoterEligibility,
  VoteScoring,
  WatchMinuteScoring,
  WilsonVoteAggregate,
} from './rulesets.reply.dto';

/*
 * A definition as clients send it: every field may be omitted and takes its default. These
 * classes only document it: the ranking engine validates the definition (INVALID_RULESET, a
 * path per problem), refusing unknown fields at every level, and fills in the defaults.
 */

export class RulesetAcceptanceInput extends PartialType(RulesetAcceptance) {}

/** `{}` is a net aggregate: kind defaults to net. */
export class NetVoteAggregateInput extends PartialType(NetVoteAggregate) {}

export class WilsonVoteAggregateInput extends PartialType(WilsonVoteAggregate) {
  @ApiProperty({ enum: ['wilson'], required: true })
  override kind!: 'wilson';
}

export class BayesianVoteAggregateInput extends PartialType(BayesianVoteAggregate) {
  @ApiProperty({ enum: ['bayesian'], required: true })
  override kind!: 'bayesian';
}

export class VoteScoringInput extends PartialType(OmitType(VoteScoring, ['aggregate'])) {
  @ApiPropertyOptional({
    oneOf: [
      { $ref: getSchemaPath(NetVoteAggregateInput) },
      { $ref: getSchemaPath(WilsonVoteAggregateInput) },
      { $ref: getSchemaPath(BayesianVoteAggregateInput) },
    ],
    description:
      'How up and down votes make V, chosen by `kind` (net when omitted); a parameter of another kind is an unknown field',
  })
  aggregate?: NetVoteAggregateInput | WilsonVoteAggregateInput | BayesianVoteAggregateInput;
}

export class CommentScoringInput extends PartialType(CommentScoring) {}

export class ViewScoringInput extends PartialType(ViewScoring) {}

export class WatchMinuteScoringInput extends PartialType(WatchMinuteScoring) {}

export class VoterEligibilityInput extends PartialType(VoterEligibility) {}

/** `{}` is no decay: kind defaults to none. */
export class NoDecayInput extends PartialType(NoDecay) {}

export class ExponentialDecayInput extends PartialType(ExponentialDecay) {
  @ApiProperty({ enum: ['exponential'], required: true })
  override kind!: 'exponential';
}

export class GravityDecayInput extends PartialType(GravityDecay) {
  @ApiProperty({ enum: ['gravity'], required: true })
  override kind!: 'gravity';
}

export class RulesetScoringInput extends PartialType(
  PickType(RulesetScoring, ['tieBreak', 'precision']),
) {
  @ApiPropertyOptional({ type: () => VoteScoringInput })
  votes?: VoteScoringInput;

  @ApiPropertyOptional({ type: () => CommentScoringInput })
  comments?: CommentScoringInput;

  @ApiPropertyOptional({ type: () => ViewScoringInput })
  views?: ViewScoringInput;

  @ApiPropertyOptional({ type: () => WatchMinuteScoringInput })
  watchMinutes?: WatchMinuteScoringInput;

  @ApiPropertyOptional({ type: () => VoterEligibilityInput })
  eligibility?: VoterEligibilityInput;

  @ApiPropertyOptional({
    oneOf: [
      { $ref: getSchemaPath(NoDecayInput) },
      { $ref: getSchemaPath(ExponentialDecayInput) },
      { $ref: getSchemaPath(GravityDecayInput) },
    ],
    description:
      'How age lowers a score, chosen by `kind` (none when omitted); a parameter of another kind is an unknown field',
  })
  decay?: NoDecayInput | ExponentialDecayInput | GravityDecayInput;
}

/** A ruleset as docs/RULESET.md describes it; `{}` is standard-v1. */
export class RulesetDefinitionInput {
  @ApiPropertyOptional({ type: () => RulesetAcceptanceInput })
  acceptance?: RulesetAcceptanceInput;

  @ApiPropertyOptional({ type: () => RulesetScoringInput })
  scoring?: RulesetScoringInput;
}

/** Every model a definition's variant fields refer to by name. */
export const RULESET_INPUT_MODELS = [
  NetVoteAggregateInput,
  WilsonVoteAggregateInput,
  BayesianVoteAggregateInput,
  NoDecayInput,
  ExponentialDecayInput,
  GravityDecayInput,
];

export class CreateRulesetRequest {
  @ApiProperty({ example: 'strict-2026', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({
    type: () => RulesetDefinitionInput,
    description:
      'Omitted fields take their defaults; unknown fields are refused. Every problem is reported at once, with its path under definition.',
    example: { acceptance: { maxVotesPerUserPerContest: 3 } },
  })
  @IsObject()
  definition: Record<string, unknown>;
}
