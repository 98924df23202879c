import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsIsoTime } from '../../platform/http/edge-validators';
import { RulesetDefinitionInput } from '../../rulesets/create-ruleset.request.dto';

export class RequestReplayRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'contestId must be a UUID' })
  contestId: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 64,
    example: 'standard-v1',
    description:
      'A stored ruleset. Send this or definition, not both; omit both to replay under the live ' +
      'rules (a parity check).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  rulesetId?: string;

  @ApiPropertyOptional({
    type: () => RulesetDefinitionInput,
    description:
      'An inline ruleset, validated like a stored one and kept with the replay only, named ' +
      'inline:<first 12 hex digits of its hash>',
  })
  @IsOptional()
  @IsObject()
  definition?: Record<string, unknown>;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
    description:
      'Replay only the commands received up to this time, and rank at it. An ISO-8601 ' +
      'date-time, or a calendar date such as 2026-12-01 (its midnight UTC).',
  })
  @IsOptional()
  @IsIsoTime()
  asOf?: string;
}
