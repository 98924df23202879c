import { ApiProperty } from '@nestjs/swagger';
import { REJECTION_CODES } from '@contest/domain';

/** Rejected commands of one UTC hour or day, of one type and/or code. */
export class RejectionBucket {
  @ApiProperty({
    format: 'date-time',
    description: 'The start of the UTC hour or day counted',
  })
  start!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'CastVote',
    description: 'The command type; null unless grouped by type',
  })
  type!: string | null;

  @ApiProperty({
    type: 'string',
    enum: [...REJECTION_CODES, null],
    nullable: true,
    example: 'VOTING_CLOSED',
    description: 'The refusal code; null unless grouped by code',
  })
  code!: string | null;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    description: 'Rejected commands received in the bucket, of that type and code',
  })
  count!: number;
}

/** Rejected commands counted per bucket. */
export class RejectionSummary {
  @ApiProperty({
    type: [RejectionBucket],
    description: 'By start, then type, then code; a bucket without rejections is left out',
  })
  buckets!: RejectionBucket[];
}
