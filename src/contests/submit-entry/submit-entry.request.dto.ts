import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';

export class SubmitEntryRequest {
  @ApiProperty({ example: 'Backflip over the canal', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  title: string;

  @ApiProperty({
    example: 'https://videos.example/backflip.mp4',
    format: 'uri',
    maxLength: 2048,
    description: 'An http or https URL',
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true },
    { message: 'videoUrl must be an http(s) URL' },
  )
  videoUrl: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Defaults to empty' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
