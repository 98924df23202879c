import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class RecordViewRequest {
  @ApiProperty({
    type: 'number',
    format: 'double',
    example: 42.5,
    minimum: 0,
    maximum: 86400,
    description: 'How long the entry was watched, in seconds',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(86_400)
  watchedSeconds: number;

  @ApiPropertyOptional({
    description: 'An opaque client id; required without a bearer token, ignored with one',
    example: 'browser-7f3a',
    pattern: '^[\\w.:-]{1,64}$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]{1,64}$/, {
    message: 'viewerId must be 1-64 characters of letters, digits, _ . : -',
  })
  viewerId?: string;
}
