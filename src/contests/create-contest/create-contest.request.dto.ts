import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsIsoTime } from '../../platform/http/edge-validators';

export class CreateContestRequest {
  @ApiProperty({ example: 'Best air guitar solo of 2026', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Defaults to empty' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({
    example: 'music',
    pattern: '^[a-z0-9-]{1,40}$',
    description: '1-40 characters of a-z, 0-9 and -',
  })
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'category must be 1-40 characters of a-z, 0-9 and -' })
  category: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
    description:
      'Entries are taken until then; in the future, not after votingClosesAt. ' +
      'An ISO-8601 date-time; a calendar date (YYYY-MM-DD) is accepted too and means midnight UTC',
  })
  @IsIsoTime()
  submissionsCloseAt: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-01T00:00:00Z',
    description:
      'Votes and comments are taken from then; defaults to the creation time. ' +
      'An ISO-8601 date-time; a calendar date (YYYY-MM-DD) is accepted too and means midnight UTC',
  })
  @IsOptional()
  @IsIsoTime()
  votingOpensAt?: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-08T00:00:00Z',
    description:
      'Voting closes and the contest is finalized then; after votingOpensAt. ' +
      'An ISO-8601 date-time; a calendar date (YYYY-MM-DD) is accepted too and means midnight UTC',
  })
  @IsIsoTime()
  votingClosesAt: string;

  @ApiPropertyOptional({
    example: 'standard-v1',
    minLength: 1,
    maxLength: 64,
    description: 'A stored ruleset; defaults to standard-v1',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  rulesetId?: string;
}
