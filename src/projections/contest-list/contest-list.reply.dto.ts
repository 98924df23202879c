import { ApiCount } from '../../platform/http/contract/count-property';
import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { ViewPosition } from '../../platform/http/contract/command-receipt.schema';
import { modelOrNull } from '../../platform/http/contract/model-or-null';

/** The entry ranked first in a contest, as the contest list shows it. */
export class ContestLeader {
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
}

/** One line of the contest list. */
@ApiExtraModels(ContestLeader)
export class ContestSummary {
  @ApiProperty({ format: 'uuid' })
  contestId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ example: 'music' })
  category!: string;

  @ApiProperty({
    enum: ['open', 'voting', 'closed'],
    description:
      'Derived at read time: closed once closed or past votingClosesAt, else open before ' +
      'submissionsCloseAt, else voting',
  })
  status!: 'open' | 'voting' | 'closed';

  @ApiCount('Entries not withdrawn')
  entryCount!: number;

  @ApiCount('Eligible active votes on entries not withdrawn (what the standings count)')
  voteCount!: number;

  @ApiProperty({
    ...modelOrNull(() => ContestLeader, 'No entry is ranked yet'),
    description: 'The entry ranked first, or null while none is ranked',
  })
  leader!: ContestLeader | null;

  @ApiProperty({ format: 'date-time' })
  submissionsCloseAt!: string;

  @ApiProperty({ format: 'date-time' })
  votingClosesAt!: string;
}

/** A page of the contest list, newest first. */
export class ContestPage extends ViewPosition {
  @ApiProperty({ type: [ContestSummary] })
  items!: ContestSummary[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
