import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { CqrsModule } from '@nestjs/cqrs';
import { ContestsModule } from '../contests/contests.module';
import { ChangeRulesetController } from './change-ruleset/change-ruleset.http.controller';
import { ReplayRunner } from './replay/replay-runner';
import { REPLAY_QUEUE } from '../platform/queues/queue-names';
import { ReplayProcessor } from './replays/replay.processor';
import { ReplayStore } from './replays/replay-store';
import { ReplaysController } from './replays/replays.http.controller';
import { BuiltinRulesets } from './rulesets/builtin-rulesets';
import { CreateRulesetHandler } from './rulesets/create-ruleset.command';
import { RulesetsController } from './rulesets/rulesets.http.controller';

const controllers = [RulesetsController, ChangeRulesetController, ReplaysController];
const commandHandlers = [CreateRulesetHandler];

/** Rulesets, live rule changes and what-if replays. */
@Module({})
export class RankingModule {
  static forRole(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: RankingModule,
      imports: [
        CqrsModule,
        ContestsModule.forRole(options),
        BullModule.registerQueue({ name: REPLAY_QUEUE }),
      ],
      controllers: options.api ? controllers : [],
      providers: [
        BuiltinRulesets,
        ReplayStore,
        ReplayRunner,
        ...commandHandlers,
        ...(options.worker ? [ReplayProcessor] : []),
      ],
      exports: [ReplayRunner, ReplayStore],
    };
  }
}
