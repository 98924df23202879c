import { ApiCount } from '../../platform/http/contract/count-property';
import { ApiProperty } from '@nestjs/swagger';
import { ViewPosition } from '../../platform/http/contract/command-receipt.schema';

/** The ruleset a contest is scored by, as the views name it. */
export class RulesetLabel {
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    example: 'standard-v1',
    description: 'A built-in ruleset (standard-v1) or a stored one (a UUID)',
  })
  rulesetId!: string;

  @ApiProperty({ example: 'standard-v1' })
  name!: string;

  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    description: "The SHA-256 of the ruleset's canonical form, in hex",
  })
  hash!: string;
}

/** The user who created a contest. */
export class ContestOwner {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  displayName!: string;
}

/** One contest as its page shows it. */
export class ContestDetail extends ViewPosition {
  @ApiProperty({ format: 'uuid' })
  contestId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'Empty when the owner gave none' })
  description!: string;

  @ApiProperty({ example: 'music' })
  category!: string;

  @ApiProperty({ type: ContestOwner })
  owner!: ContestOwner;

  @ApiProperty({
    enum: ['open', 'voting', 'closed'],
    description:
      'Derived at read time: closed once closed or past votingClosesAt, else open before ' +
      'submissionsCloseAt, else voting (also while votingOpensAt is ahead)',
  })
  status!: 'open' | 'voting' | 'closed';

  @ApiProperty({ format: 'date-time' })
  submissionsCloseAt!: string;

  @ApiProperty({ format: 'date-time' })
  votingOpensAt!: string;

  @ApiProperty({ format: 'date-time' })
  votingClosesAt!: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When the contest was closed or finalized; null until then',
  })
  closedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiCount('Entries not withdrawn')
  entryCount!: number;

  @ApiCount('Every active vote')
  voteCount!: number;

  @ApiCount('Comments not deleted')
  commentCount!: number;

  @ApiCount('Every recorded view')
  viewCount!: number;

  @ApiProperty({ type: RulesetLabel, description: 'The ruleset in force now' })
  ruleset!: RulesetLabel;
}
