import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class AddCommentRequest {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'That landing!' })
  @IsString()
  @Length(1, 2000, { message: 'body must be 1 to 2000 characters' })
  body: string;
}
