import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';
import { DEAD_LETTER_STATUSES, DeadLetterStatus } from './dead-letters.reader';

/** A log row a projector parked, with its error and what admins made of it. */
export class DeadLetter {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1 })
  id!: number;

  @ApiProperty({ example: 'standings', description: 'The projection that parked it' })
  projection!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    description: "The parked row's log position",
  })
  position!: number;

  @ApiProperty({ format: 'uuid', description: 'The command of the parked row' })
  commandId!: string;

  @ApiProperty({ description: 'What applying it threw' })
  error!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Times it was tried' })
  attempts!: number;

  @ApiProperty({
    enum: DEAD_LETTER_STATUSES,
    description: 'parked until an admin retries or skips it',
  })
  status!: DeadLetterStatus;

  @ApiProperty({ format: 'date-time' })
  parkedAt!: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When it was retried or skipped; null while parked',
  })
  resolvedAt!: string | null;
}

export class DeadLetterList {
  @ApiProperty({ type: [DeadLetter], description: 'Oldest first' })
  items!: DeadLetter[];
}

export class DeadLetterRetriedReply extends CommandReceipt {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1 })
  id!: number;

  @ApiProperty({ enum: ['retry'] })
  action!: 'retry';
}

export class DeadLetterSkippedReply extends CommandReceipt {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1 })
  id!: number;

  @ApiProperty({ enum: ['skip'] })
  action!: 'skip';
}
