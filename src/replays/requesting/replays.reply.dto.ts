import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';
import { modelOrNull } from '../../platform/http/contract/model-or-null';
import { RulesetAcceptance, RulesetScoring } from '../../rulesets/rulesets.reply.dto';
import { REPLAY_STATUSES, type ReplayStatus } from '../replay-store';

export class ReplayRequestedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid', description: 'Poll GET /admin/replays/{replayId} for its result' })
  replayId!: string;
}

const RULESET_ID = {
  minLength: 1,
  maxLength: 64,
  description:
    'A stored ruleset (a UUIDv7, or standard-v1), or inline:<first 12 hex digits of its hash> ' +
    'for a definition sent with the replay',
};

const HASH = {
  pattern: '^[0-9a-f]{64}$',
  description: "The SHA-256 of the ruleset's canonical JSON, in lowercase hex",
};

/** The candidate ruleset a replay runs, as it was when the replay was requested. */
export class ReplayRuleset {
  @ApiProperty(RULESET_ID)
  rulesetId!: string;

  @ApiProperty({ description: 'Its name; inline for a definition sent with the replay' })
  name!: string;

  @ApiProperty(HASH)
  hash!: string;

  @ApiProperty({ type: () => RulesetAcceptance })
  acceptance!: RulesetAcceptance;

  @ApiProperty({ type: () => RulesetScoring })
  scoring!: RulesetScoring;
}

/** Which ruleset a side of the replay was scored with. */
export class ReplayRulesetLabel {
  @ApiProperty(RULESET_ID)
  rulesetId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty(HASH)
  hash!: string;
}

export class ReplayProgress {
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    description: 'Log rows read so far',
  })
  processed!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    description: 'Log rows to read (0 until the run has counted them)',
  })
  total!: number;
}

/** One ranked entry, as the standings rank it at asOf. */
export class ReplayStandingLine {
  @ApiProperty({ type: 'integer', minimum: 1, description: '1..N, no ties' })
  rank!: number;

  @ApiProperty({ format: 'uuid' })
  entryId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({
    type: 'number',
    format: 'double',
    description: "Rounded to the ruleset's precision",
  })
  score!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Eligible voters at +1' })
  upvotes!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Eligible voters at -1' })
  downvotes!: number;
}

/** An entry ranked on either side, with its rank and score on both (null: not ranked there). */
export class ReplayRankChange {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, nullable: true })
  baselineRank!: number | null;

  @ApiProperty({ type: 'integer', minimum: 1, nullable: true })
  replayRank!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'baselineRank − replayRank: positive when the entry moves up; null when it is ranked on one side only',
  })
  rankDelta!: number | null;

  @ApiProperty({ type: 'number', format: 'double', nullable: true })
  baselineScore!: number | null;

  @ApiProperty({ type: 'number', format: 'double', nullable: true })
  replayScore!: number | null;
}

/** Commands whose outcome differs under the candidate rules. */
export class ReplayOutcomeChanges {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 })
  acceptedToRejected!: number;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 })
  rejectedToAccepted!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', format: 'int64', minimum: 1 },
    description:
      'Flips counted by the refusal code involved: the new refusal, or the one that no longer happens',
    example: { VOTE_LIMIT_REACHED: 2, SELF_VOTE_FORBIDDEN: 1 },
  })
  byCode!: Record<string, number>;
}

/** What the live rules (the baseline) rank at asOf. */
export class ReplayBaseline {
  @ApiProperty({
    ...modelOrNull(() => ReplayRulesetLabel),
    description: "The contest's live ruleset; null when the contest has no history to replay",
  })
  ruleset!: ReplayRulesetLabel | null;

  @ApiProperty({ type: [ReplayStandingLine] })
  standings!: ReplayStandingLine[];
}

export class ReplayResult {
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description:
      'The time both sides are ranked at: the asOf requested, else when the contest closed, ' +
      'else its newest accepted command; null when the contest has none',
  })
  asOf!: string | null;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    description: 'The last log position read',
  })
  position!: number;

  @ApiProperty({
    ...modelOrNull(() => ReplayRulesetLabel),
    description:
      'The candidate; without one, the live ruleset (null when the contest has no history to replay)',
  })
  ruleset!: ReplayRulesetLabel | null;

  @ApiProperty({ type: () => ReplayBaseline })
  baseline!: ReplayBaseline;

  @ApiProperty({ type: [ReplayStandingLine], description: 'The standings under the candidate' })
  standings!: ReplayStandingLine[];

  @ApiProperty({
    type: [ReplayRankChange],
    description: 'Every entry ranked on either side',
  })
  diff!: ReplayRankChange[];

  @ApiProperty({ description: 'Whether the first place differs from the baseline' })
  winnerChanged!: boolean;

  @ApiProperty({ type: () => ReplayOutcomeChanges })
  outcomeChanges!: ReplayOutcomeChanges;
}

export class ReplayStats {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, description: 'Log rows read' })
  commands!: number;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 })
  durationMs!: number;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 })
  commandsPerSecond!: number;
}

/** The models only a oneOf refers to: the controller lists them. */
export const REPLAY_RULESET_MODELS = [ReplayRuleset, ReplayRulesetLabel];

/** A replay's contest title, as replies and the history list carry it. */
export const CONTEST_TITLE = {
  type: 'string',
  nullable: true,
  description: "The contest's title, from its CreateContest in the log",
} as const;

/** A replay: what was asked, how far it is, and its result once done. */
export class ReplayReply {
  @ApiProperty({ format: 'uuid' })
  replayId!: string;

  @ApiProperty({ format: 'uuid' })
  contestId!: string;

  @ApiProperty(CONTEST_TITLE)
  contestTitle!: string | null;

  @ApiProperty({
    ...modelOrNull(() => ReplayRuleset),
    description: 'The candidate ruleset; null replays under the live rules (a parity check)',
  })
  ruleset!: ReplayRuleset | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Only commands received up to this time are replayed; null: all of them',
  })
  asOf!: string | null;

  @ApiProperty({
    enum: REPLAY_STATUSES,
    description: 'queued, then running, then done (with result) or failed (with error)',
  })
  status!: ReplayStatus;

  @ApiProperty({ type: () => ReplayProgress })
  progress!: ReplayProgress;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Runs started: a run a crash interrupted starts over',
  })
  attempts!: number;

  @ApiPropertyOptional({ type: () => ReplayResult, description: 'Once done' })
  result?: ReplayResult;

  @ApiPropertyOptional({ type: () => ReplayStats, description: 'Once done' })
  stats?: ReplayStats;

  @ApiPropertyOptional({
    description: 'Why it failed; one that ran out of its heap says to raise REPLAY_HEAP_MB',
  })
  error?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When its last run started',
  })
  startedAt!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  finishedAt!: string | null;
}
