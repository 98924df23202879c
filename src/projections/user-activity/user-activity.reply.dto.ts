import { ApiCount } from '../../platform/http/contract/count-property';
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

  @ApiCount('Contests created')
  contestsCreated!: number;

  @ApiCount('Entries submitted, withdrawn ones included')
  entriesSubmitted!: number;

  @ApiCount('New votes cast: a flip or a retraction does not change it')
  votesCast!: number;

  @ApiCount('Comments written, deleted ones included')
  commentsWritten!: number;
}
