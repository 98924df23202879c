import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The read-your-writes parameters every view read accepts. */
export class ViewReadQuery {
  @ApiPropertyOptional({ description: 'Wait until the view has applied this log position' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPosition?: number;

  @ApiPropertyOptional({
    description: 'How long to wait for minPosition, in ms',
    default: 1000,
    maximum: 5000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5000)
  waitMs?: number;
}
