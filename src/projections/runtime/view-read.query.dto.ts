import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../../platform/http/edge-validators';

/** Log positions are bigints; past 2^53 a JavaScript number could not say which one. */
export const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/** The read-your-writes parameters every view read accepts. */
export class ViewReadQuery {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    description:
      "Wait until the view has applied this log position (a command reply's position or " +
      'X-Log-Position); 0 waits for nothing',
    minimum: 0,
    maximum: MAX_POSITION,
  })
  @IsOptional()
  @QueryInteger(0, MAX_POSITION)
  minPosition?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    description:
      'How long to wait for minPosition, in ms; a view still behind then answers 503 ' +
      'PROJECTION_BEHIND',
    default: 1000,
    minimum: 0,
    maximum: 5000,
  })
  @IsOptional()
  @QueryInteger(0, 5000)
  waitMs?: number;
}
