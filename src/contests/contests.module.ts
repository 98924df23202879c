import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AddCommentController } from './add-comment/add-comment.http.controller';
import { ChangeRulesetController } from './change-ruleset/change-ruleset.http.controller';
import { CastVoteController } from './cast-vote/cast-vote.http.controller';
import { CloseContestController } from './close-contest/close-contest.http.controller';
import { ContestDecisionPort } from './contest-decision.port';
import { ContestCommandSender } from './contest-command-sender';
import { ContestStateRepository } from './contest-state.repository';
import { CreateContestController } from './create-contest/create-contest.http.controller';
import { DecideContestHandler } from './decide-contest.handler';
import { DeleteCommentController } from './delete-comment/delete-comment.http.controller';
import { ContestFinalizer } from './finalize-contest/contest-finalizer';
import { FinalizationProcessor } from './finalize-contest/finalization.processor';
import { FinalizationScheduler } from './finalize-contest/finalization.scheduler';
import { FINALIZATION_QUEUE } from '../platform/queues/queue-names';
import { RecordViewController } from './record-view/record-view.http.controller';
import { SubmitEntryController } from './submit-entry/submit-entry.http.controller';
import { WithdrawEntryController } from './withdraw-entry/withdraw-entry.http.controller';

const controllers = [
  CreateContestController,
  CloseContestController,
  SubmitEntryController,
  WithdrawEntryController,
  CastVoteController,
  AddCommentController,
  DeleteCommentController,
  RecordViewController,
  ChangeRulesetController,
];
const commandHandlers = [DecideContestHandler];
const services = [
  ContestStateRepository,
  ContestCommandSender,
  ContestDecisionPort,
  FinalizationScheduler,
  ContestFinalizer,
];

/** Contests, entries, votes, comments and views: the write side. */
@Module({})
export class ContestsModule {
  static forRole(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: ContestsModule,
      imports: [CqrsModule, BullModule.registerQueue({ name: FINALIZATION_QUEUE })],
      controllers: options.api ? controllers : [],
      providers: [
        ...commandHandlers,
        ...services,
        ...(options.worker ? [FinalizationProcessor] : []),
      ],
      exports: [ContestFinalizer, ContestStateRepository, ContestCommandSender],
    };
  }
}
