import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class CastVoteRequest {
  @ApiProperty({ type: 'integer', enum: [1, -1], example: 1, description: 'Up (1) or down (-1)' })
  @IsIn([1, -1], { message: 'value must be 1 or -1' })
  value: 1 | -1;
}
