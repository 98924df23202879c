import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsIsoTime } from '../../platform/http/edge-validators';

export class CreateContestRequest {
  @ApiProperty({ example: 'Best air guitar solo of 2026', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: 'music', description: '1-40 characters of a-z, 0-9 and -' })
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'category must be 1-40 characters of a-z, 0-9 and -' })
  category: string;

  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @IsIsoTime()
  submissionsCloseAt: string;

  @ApiPropertyOptional({ description: 'defaults to the creation time' })
  @IsOptional()
  @IsIsoTime()
  votingOpensAt?: string;

  @ApiProperty({ example: '2026-12-08T00:00:00Z' })
  @IsIsoTime()
  votingClosesAt: string;

  @ApiPropertyOptional({ example: 'standard-v1', description: 'defaults to standard-v1' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  rulesetId?: string;
}
