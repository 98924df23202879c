import { ApiCount } from '../../platform/http/contract/count-property';
import { ApiProperty } from '@nestjs/swagger';
import { ViewPosition } from '../../platform/http/contract/command-receipt.schema';
import { EntryComment } from '../entry-comments/entry-comments.reply.dto';

/** The user who submitted an entry. */
export class EntryAuthor {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  displayName!: string;
}

/** One entry with its counts, score, rank and newest comments. */
export class EntryDetail extends ViewPosition {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;

  @ApiProperty({ format: 'uuid' })
  contestId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'An http(s) URL, as submitted' })
  videoUrl!: string;

  @ApiProperty({ description: 'Empty when the author gave none' })
  description!: string;

  @ApiProperty({ type: EntryAuthor })
  author!: EntryAuthor;

  @ApiProperty({ enum: ['active', 'withdrawn'] })
  status!: 'active' | 'withdrawn';

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

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

  @ApiProperty({
    type: 'number',
    format: 'double',
    nullable: true,
    description: "The standings' score (docs/RULESET.md); null for a withdrawn entry",
  })
  score!: number | null;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    nullable: true,
    description: "The standings' rank; null for a withdrawn entry",
  })
  rank!: number | null;

  @ApiProperty({ type: [EntryComment], maxItems: 5, description: 'The 5 newest comments' })
  recentComments!: EntryComment[];
}
