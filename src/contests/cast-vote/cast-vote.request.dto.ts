import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class CastVoteRequest {
  @ApiProperty({ enum: [1, -1], example: 1 })
  @IsIn([1, -1], { message: 'value must be 1 or -1' })
  value: 1 | -1;
}
