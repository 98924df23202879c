import { ApiProperty } from '@nestjs/swagger';
import { ViewPosition } from '../../platform/http/contract/command-receipt.schema';

/** One comment under an entry. */
export class EntryComment {
  @ApiProperty({ format: 'uuid' })
  commentId!: string;

  @ApiProperty({ format: 'uuid' })
  authorId!: string;

  @ApiProperty()
  authorName!: string;

  @ApiProperty()
  body!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

/** A page of an entry's comments, newest first. */
export class EntryCommentPage extends ViewPosition {
  @ApiProperty({ type: [EntryComment] })
  items!: EntryComment[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
