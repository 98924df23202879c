import { ApiProperty } from '@nestjs/swagger';

/** What every accepted command's body carries: where the log holds it. */
export class CommandReceipt {
  @ApiProperty({ format: 'uuid', description: 'The id of the command this request was logged as' })
  commandId!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    description: "The command's position in the log: pass it as minPosition to read your write",
  })
  position!: number;
}

/** What every view read's body carries: how far the view has read the log. */
export class ViewPosition {
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    description: 'The largest log position the view has applied',
  })
  position!: number;
}
