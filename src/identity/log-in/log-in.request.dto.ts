import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LogInRequest {
  @ApiProperty({
    example: 'air_guitar_ace',
    minLength: 1,
    maxLength: 64,
    description: 'Trimmed and lowercased',
  })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ format: 'password', minLength: 1, maxLength: 256 })
  @IsString()
  @Length(1, 256)
  password: string;
}
