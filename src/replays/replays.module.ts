import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { REPLAY_QUEUE } from '../platform/queues/queue-names';
import { ReplayHistoryController } from './history/replay-history.http.controller';
import { ReplayHistoryReader } from './history/replay-history.reader';
import { ReplayStore } from './replay-store';
import { RequestReplayHandler } from './requesting/request-replay.command';
import { ReplaysController } from './requesting/replays.http.controller';
import { ReplayRunner } from './running/replay-runner';
import { ReplayProcessor } from './running/replay.processor';

/**
 * What-if replays: the API takes requests and serves results (requesting/) and the list of past
 * replays (history/); a worker re-decides and re-scores the log (running/).
 */
@Module({})
export class ReplaysModule {
  static forRole(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: ReplaysModule,
      imports: [CqrsModule, BullModule.registerQueue({ name: REPLAY_QUEUE })],
      controllers: options.api ? [ReplaysController, ReplayHistoryController] : [],
      providers: [
        ReplayStore,
        ReplayRunner,
        ...(options.api ? [RequestReplayHandler, ReplayHistoryReader] : []),
        ...(options.worker ? [ReplayProcessor] : []),
      ],
      exports: [ReplayRunner, ReplayStore],
    };
  }
}
