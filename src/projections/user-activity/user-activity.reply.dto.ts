import { ApiProperty } from '@nestjs/swagger';
import { ViewPosition } from '../../platform/http/contract/command-receipt.schema';

/** What a user has done on the platform, as anyone may see it. */
export class UserActivity extends ViewPosition {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ format: 'date-time' })
  registeredAt!: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, description: 'Contests created' })
  contestsCreated!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    description: 'Entries submitted, withdrawn ones included',
  })
  entriesSubmitted!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    description: 'New votes cast: a flip or a retraction does not change it',
  })
  votesCast!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    description: 'Comments written, deleted ones included',
  })
  commentsWritten!: number;
}
