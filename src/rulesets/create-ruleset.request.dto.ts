import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, Length } from 'class-validator';

export class CreateRulesetRequest {
  @ApiProperty({ example: 'strict-2026', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({
    description: 'A ruleset as docs/RULESET.md describes it; omitted fields take their defaults',
    example: { acceptance: { maxVotesPerUserPerContest: 3 } },
  })
  @IsObject()
  definition: Record<string, unknown>;
}
