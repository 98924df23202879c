import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../platform/http/edge-validators';

export class RegisterUserRequest {
  @ApiProperty({ example: 'air_guitar_ace', description: '3-32 characters of a-z, 0-9 and _' })
  @IsString()
  @Matches(/^[a-z0-9_]{3,32}$/, { message: 'username must be 3-32 characters of a-z, 0-9 and _' })
  username: string;

  @ApiProperty({ example: 'ace@example.com' })
  @IsString()
  @MaxLength(254)
  @IsEmailAddress()
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 256, format: 'password' })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ example: 'Ace of Air', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  displayName?: string;
}
