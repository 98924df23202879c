import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ContestsModule } from '../contests/contests.module';
import { ChangeRulesetController } from './change-ruleset/change-ruleset.http.controller';
import { BuiltinRulesets } from './rulesets/builtin-rulesets';
import { CreateRulesetHandler } from './rulesets/create-ruleset.command';
import { RulesetsController } from './rulesets/rulesets.http.controller';

const controllers = [RulesetsController, ChangeRulesetController];
const commandHandlers = [CreateRulesetHandler];

/** Rulesets, live rule changes and what-if replays. */
@Module({})
export class RankingModule {
  static forRole(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: RankingModule,
      imports: [CqrsModule, ContestsModule.forRole(options)],
      controllers: options.api ? controllers : [],
      providers: [BuiltinRulesets, ...commandHandlers],
    };
  }
}
