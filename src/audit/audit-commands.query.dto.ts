import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageCursor, PageLimit } from '../projections/runtime/page.query.dto';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsIsoTime } from '../platform/http/edge-validators';

/** docs/API.md's audit filters; every one is optional and they combine with AND. */
export class AuditCommandsQuery {
  @ApiPropertyOptional({ enum: ['accepted', 'rejected'] })
  @IsOptional()
  @IsIn(['accepted', 'rejected'], { message: 'status must be accepted or rejected' })
  status?: 'accepted' | 'rejected';

  @ApiPropertyOptional({ example: 'CastVote' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,64}$/, { message: 'type must be a command type such as CastVote' })
  type?: string;

  @ApiPropertyOptional({ example: 'VOTING_CLOSED' })
  @IsOptional()
  @Matches(/^[A-Z_]{1,64}$/, { message: 'code must be an UPPER_SNAKE refusal code' })
  code?: string;

  @ApiPropertyOptional({ description: 'A user id, or "system"' })
  @IsOptional()
  @IsString()
  @Matches(/^([0-9a-f-]{36}|system)$/i, { message: 'actorId must be a user id or system' })
  actorId?: string;

  @ApiPropertyOptional({ description: 'receivedAt ≥ from' })
  @IsOptional()
  @IsIsoTime()
  from?: string;

  @ApiPropertyOptional({ description: 'receivedAt < to' })
  @IsOptional()
  @IsIsoTime()
  to?: string;

  @PageLimit(20)
  limit?: number;

  @PageCursor()
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv', 'ndjson'],
    description: 'csv and ndjson stream every match',
  })
  @IsOptional()
  @IsIn(['json', 'csv', 'ndjson'], { message: 'format must be json, csv or ndjson' })
  format?: 'json' | 'csv' | 'ndjson';
}
