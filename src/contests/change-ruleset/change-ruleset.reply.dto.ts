import { ApiProperty } from '@nestjs/swagger';
import { CommandReceipt } from '../../platform/http/contract/command-receipt.schema';

export class ContestRulesetChangedReply extends CommandReceipt {
  @ApiProperty({ format: 'uuid' })
  contestId!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    example: 'standard-v1',
    description: 'The ruleset the contest is now decided and scored with',
  })
  rulesetId!: string;
}
