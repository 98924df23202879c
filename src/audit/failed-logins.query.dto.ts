import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../platform/http/edge-validators';
import { TimeRangeQuery } from '../projections/runtime/time-range.query.dto';

/** GET /audit/failed-logins: a time range, and how many failures make a username show. */
export class FailedLoginsQuery extends TimeRangeQuery {
  @ApiPropertyOptional({
    type: 'integer',
    default: 1,
    minimum: 1,
    maximum: 1_000_000,
    description: 'Leave out usernames with fewer failures in the range',
  })
  @IsOptional()
  @QueryInteger(1, 1_000_000)
  minFailures?: number;
}
