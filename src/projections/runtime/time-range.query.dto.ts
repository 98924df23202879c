import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoTime } from '../../platform/http/edge-validators';

/** receivedAt ≥ from and < to; both optional. */
export class TimeRangeQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsIsoTime()
  from?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsIsoTime()
  to?: string;
}
