import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BuiltinRulesets } from './builtin-rulesets';
import { CreateRulesetHandler } from './create-ruleset.command';
import { RulesetsController } from './rulesets.http.controller';
import { RulesetsReader } from './rulesets.reader';

/**
 * The ruleset catalog: the built-in rulesets (stored at boot by whichever role starts first)
 * and those admins create (docs/RULESET.md).
 */
@Module({})
export class RulesetsModule {
  static forRole(options: { api: boolean }): DynamicModule {
    return {
      module: RulesetsModule,
      imports: [CqrsModule],
      controllers: options.api ? [RulesetsController] : [],
      providers: [BuiltinRulesets, CreateRulesetHandler, ...(options.api ? [RulesetsReader] : [])],
    };
  }
}
