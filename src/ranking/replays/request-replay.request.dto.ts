import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';

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

  @ApiPropertyOptional({ description: 'An inline ruleset definition (RULESET.md)' })
  @IsOptional()
  @IsObject()
  definition?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Replay only commands received up to this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO-8601 time' })
  asOf?: string;
}
