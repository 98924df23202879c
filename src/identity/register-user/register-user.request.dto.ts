import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../platform/http/edge-validators';

export class RegisterUserRequest {
  @ApiProperty({
    example: 'air_guitar_ace',
    pattern: '^[a-z0-9_]{3,32}$',
    description: '3-32 characters of a-z, 0-9 and _ (not lowercased for you)',
  })
  @IsString()
  @Matches(/^[a-z0-9_]{3,32}$/, { message: 'username must be 3-32 characters of a-z, 0-9 and _' })
  username: string;

  @ApiProperty({
    example: 'ace@example.com',
    format: 'email',
    maxLength: 254,
    description: 'Stored trimmed and lowercased',
  })
  @IsString()
  @MaxLength(254)
  @IsEmailAddress()
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 256, format: 'password' })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({
    example: 'Ace of Air',
    minLength: 1,
    maxLength: 64,
    description: 'Defaults to the username',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  displayName?: string;
}
