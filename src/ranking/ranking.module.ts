import { Global, Module } from '@nestjs/common';
import { BuiltinRulesets } from './rulesets/builtin-rulesets';

/** Rulesets (and, later, live rule changes and what-if replays). */
@Global()
@Module({
  providers: [BuiltinRulesets],
})
export class RankingModule {}
