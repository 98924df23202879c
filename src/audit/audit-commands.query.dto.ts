import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageCursor, PageLimit } from '../projections/runtime/page.query.dto';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { TimeRangeQuery } from '../projections/runtime/time-range.query.dto';

/**
 * docs/API.md's audit filters, from ≤ receivedAt < to among them; every one is optional and
 * they combine with AND.
 */
export class AuditCommandsQuery extends TimeRangeQuery {
  @ApiPropertyOptional({ enum: ['accepted', 'rejected'] })
  @IsOptional()
  @IsIn(['accepted', 'rejected'], { message: 'status must be accepted or rejected' })
  status?: 'accepted' | 'rejected';

  @ApiPropertyOptional({
    example: 'CastVote',
    pattern: '^[A-Za-z]{1,64}$',
    description: 'A command type',
  })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,64}$/, { message: 'type must be a command type such as CastVote' })
  type?: string;

  @ApiPropertyOptional({
    example: 'VOTING_CLOSED',
    pattern: '^[A-Z_]{1,64}$',
    description: 'A refusal code; implies status=rejected',
  })
  @IsOptional()
  @Matches(/^[A-Z_]{1,64}$/, { message: 'code must be an UPPER_SNAKE refusal code' })
  code?: string;

  @ApiPropertyOptional({
    pattern: '^([0-9a-fA-F-]{36}|system)$',
    description: 'A user id, or "system" for the platform\'s own commands',
  })
  @IsOptional()
  @IsString()
  @Matches(/^([0-9a-f-]{36}|system)$/i, { message: 'actorId must be a user id or system' })
  actorId?: string;

  @PageLimit(20)
  limit?: number;

  @PageCursor()
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv', 'ndjson'],
    default: 'json',
    description:
      'json answers a page; csv (text/csv) and ndjson (application/x-ndjson) stream every match as an attachment (limit does not apply), after cursor when given',
  })
  @IsOptional()
  @IsIn(['json', 'csv', 'ndjson'], { message: 'format must be json, csv or ndjson' })
  format?: 'json' | 'csv' | 'ndjson';
}
