import { ApiProperty } from '@nestjs/swagger';
import { modelOrNull } from '../../platform/http/contract/model-or-null';
import { REPLAY_STATUSES, type ReplayStatus } from '../replay-store';
import { CONTEST_TITLE, ReplayProgress, ReplayRulesetLabel } from '../requesting/replays.reply.dto';

/** A replay in the history list: what was asked and how it ended, without the result. */
export class ReplaySummary {
  @ApiProperty({ format: 'uuid', description: 'GET /admin/replays/{replayId} opens it' })
  replayId!: string;

  @ApiProperty({ format: 'uuid' })
  contestId!: string;

  @ApiProperty(CONTEST_TITLE)
  contestTitle!: string | null;

  @ApiProperty({
    ...modelOrNull(() => ReplayRulesetLabel),
    description: 'The candidate ruleset; null replayed the live rules (a parity check)',
  })
  ruleset!: ReplayRulesetLabel | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  asOf!: string | null;

  @ApiProperty({ enum: REPLAY_STATUSES })
  status!: ReplayStatus;

  @ApiProperty({ type: () => ReplayProgress })
  progress!: ReplayProgress;

  @ApiProperty({
    type: 'boolean',
    nullable: true,
    description: 'Whether the first place differs; null until done',
  })
  winnerChanged!: boolean | null;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    nullable: true,
    description: 'Commands whose outcome flips, both ways; null until done',
  })
  flips!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

/** A page of past replays, newest first. */
export class ReplayPage {
  @ApiProperty({ type: [ReplaySummary] })
  items!: ReplaySummary[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
