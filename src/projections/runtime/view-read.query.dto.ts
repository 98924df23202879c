import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../../platform/http/edge-validators';

/** Log positions are bigints; past 2^53 a JavaScript number could not say which one. */
export const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/** The read-your-writes parameters every view read accepts. */
export class ViewReadQuery {
  @ApiPropertyOptional({
    type: 'integer',
    description: 'Wait until the view has applied this log position',
    minimum: 0,
    maximum: MAX_POSITION,
  })
  @IsOptional()
  @QueryInteger(0, MAX_POSITION)
  minPosition?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'How long to wait for minPosition, in ms',
    default: 1000,
    minimum: 0,
    maximum: 5000,
  })
  @IsOptional()
  @QueryInteger(0, 5000)
  waitMs?: number;
}
