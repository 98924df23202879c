import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

/** Where one projection stands. */
export class ProjectionStatus {
  @ApiProperty({ example: 'standings', description: 'The name POST .../rebuild takes' })
  name!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Its version: a rebuild makes the old one plus one',
  })
  version!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    description: 'The largest log position applied',
  })
  checkpoint!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    description: 'The largest position in the log',
  })
  head!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000,
    description: 'Log rows after the checkpoint in reading order, counted up to 1,000,000',
  })
  lag!: number;

  @ApiProperty({
    enum: ['running', 'halted', 'rebuilding'],
    description: 'halted: stopped by a row it could not apply, under the halt policy',
  })
  status!: 'running' | 'halted' | 'rebuilding';

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Its rows still parked' })
  deadLetters!: number;

  @ApiProperty({ type: 'string', nullable: true, description: 'The last error it met' })
  lastError!: string | null;
}

export class ProjectionRebuildRequestedReply extends CommandReceipt {
  @ApiProperty({ example: 'standings', description: 'The projection being rebuilt' })
  projection!: string;
}
