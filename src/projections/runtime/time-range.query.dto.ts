import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoTime } from '../../platform/http/edge-validators';

/** What IsIsoTime accepts, said once for both ends of the range. */
const ISO_TIME_FORMS =
  'An ISO-8601 date-time such as 2026-12-01T00:00:00Z (seconds and fractions optional; give Z ' +
  "or an offset, since without one the database's time zone applies), or a calendar date such " +
  'as 2026-12-01 (the start of that day), in the years 1 to 9999.';

/** receivedAt ≥ from and < to; both optional. */
export class TimeRangeQuery {
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
    description: `Only what was received at or after this time. ${ISO_TIME_FORMS}`,
  })
  @IsOptional()
  @IsIsoTime()
  from?: string;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    example: '2026-12-02T00:00:00Z',
    description: `Only what was received before this time. ${ISO_TIME_FORMS}`,
  })
  @IsOptional()
  @IsIsoTime()
  to?: string;
}
