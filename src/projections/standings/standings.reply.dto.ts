import { ApiCount } from '../../platform/http/contract/count-property';
import { ApiProperty } from '@nestjs/swagger';
import { ViewPosition } from '../../platform/http/contract/command-receipt.schema';
import { RulesetLabel } from '../contest-detail/contest-detail.reply.dto';

/** One ranked entry of a contest's standings. */
export class StandingsRow {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, description: '1 for the leader' })
  rank!: number;

  @ApiProperty({ format: 'uuid' })
  entryId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ format: 'uuid' })
  authorId!: string;

  @ApiProperty()
  authorName!: string;

  @ApiProperty({ type: 'number', format: 'double', description: 'Its score (docs/RULESET.md)' })
  score!: number;

  @ApiCount('Counted upvotes')
  upvotes!: number;

  @ApiCount('Counted downvotes')
  downvotes!: number;

  @ApiCount('Counted comments')
  comments!: number;

  @ApiCount('Counted views')
  views!: number;

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    description: 'Counted watch time, in seconds',
  })
  watchSeconds!: number;
}

/** A slice of a contest's standings, in rank order. */
export class StandingsPage extends ViewPosition {
  @ApiProperty({ format: 'uuid' })
  contestId!: string;

  @ApiProperty({ type: RulesetLabel, description: 'The ruleset the standings are scored by' })
  ruleset!: RulesetLabel;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description:
      'The time the scores are computed at: the close of a closed contest, else its newest ' +
      'accepted command; null while none is known',
  })
  asOf!: string | null;

  @ApiProperty({ description: 'True once the contest is closed: the standings no longer change' })
  final!: boolean;

  @ApiProperty({
    type: [StandingsRow],
    description: 'The ranks after offset, at most limit of them',
  })
  items!: StandingsRow[];
}
