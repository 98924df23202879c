import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { TimeRangeQuery } from '../runtime/time-range.query.dto';
import { RejectionSummaryReader } from './audit-hours.reader';
import { RejectionSummary } from './audit-hours.reply.dto';

class SummaryQuery extends TimeRangeQuery {
  @ApiPropertyOptional({
    enum: ['hour', 'day'],
    default: 'hour',
    description: 'Count per UTC hour or per UTC day',
  })
  @IsOptional()
  @IsIn(['hour', 'day'], { message: 'bucket must be hour or day' })
  bucket?: 'hour' | 'day';
  @ApiPropertyOptional({
    enum: ['type', 'code', 'type,code', 'code,type'],
    default: 'type,code',
    description: 'What each bucket is split by: the command type, the refusal code, or both',
  })
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
  @ApiOperation({
    summary: 'Rejected commands counted per hour or day',
    description:
      'Rejected commands received in [from, to), counted per UTC hour or day and grouped by ' +
      'command type, refusal code or both. The counts are exact however far behind the ' +
      'audit-hours view is: what it has not read yet is counted from the log.',
  })
  @ApiOkResponse({ type: RejectionSummary, description: 'The buckets, oldest first' })
  async summary(@Query() query: SummaryQuery): Promise<RejectionSummary> {
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
