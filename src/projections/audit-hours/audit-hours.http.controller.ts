import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { TimeRangeQuery } from '../runtime/time-range.query.dto';
import { RejectionSummaryReader } from './audit-hours.reader';

class SummaryQuery extends TimeRangeQuery {
  @ApiPropertyOptional({ enum: ['hour', 'day'], default: 'hour' })
  @IsOptional()
  @IsIn(['hour', 'day'], { message: 'bucket must be hour or day' })
  bucket?: 'hour' | 'day';
  @ApiPropertyOptional({ enum: ['type', 'code', 'type,code'], default: 'type,code' })
  @IsOptional()
  @IsIn(['type', 'code', 'type,code', 'code,type'], {
    message: 'groupBy must be type, code or type,code',
  })
  groupBy?: string;
}

/** The analysts' rejection summary, read from the audit-hours view. */
@ApiTags('audit')
@Controller('audit')
export class RejectionSummaryController {
  constructor(private readonly summaries: RejectionSummaryReader) {}

  @Get('rejections/summary')
  @RequireRoles('analyst', 'admin')
  @ApiOperation({ summary: 'Rejected commands counted per hour or day, by type and/or code' })
  @ApiOkResponse({ description: '{ buckets: [{ start, type, code, count }] }' })
  async summary(@Query() query: SummaryQuery) {
    const groups = (query.groupBy ?? 'type,code').split(',');
    const buckets = await this.summaries.summarise({
      from: query.from,
      to: query.to,
      bucket: query.bucket ?? 'hour',
      byType: groups.includes('type'),
      byCode: groups.includes('code'),
    });
    return { buckets };
  }
}
