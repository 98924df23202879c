import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsIsoTime } from '../../platform/http/edge-validators';

export class RequestReplayRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'contestId must be a UUID' })
  contestId: string;

  @ApiPropertyOptional({
    description: 'A stored ruleset; omit both this and definition to replay under the live rules',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  rulesetId?: string;

  @ApiPropertyOptional({ description: 'An inline ruleset definition (docs/RULESET.md)' })
  @IsOptional()
  @IsObject()
  definition?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Replay only commands received up to this time' })
  @IsOptional()
  @IsIsoTime()
  asOf?: string;
}
