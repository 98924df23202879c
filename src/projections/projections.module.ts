import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { undecidedEventTypes } from '@contest/domain';
import { DataSource } from 'typeorm';
import { COMMIT_LISTENER } from '../command-log/command-pipeline';
import { ensureCheckpoint } from './runtime/checkpoint.store';
import { ProjectionDoorbell } from './runtime/doorbell';
import { PROJECTION_QUEUE } from '../platform/queues/queue-names';
import { ProjectionFreshness } from './runtime/projection-freshness';
import { ProjectionLeases } from './runtime/projection-leases';
import { ProjectionPoller } from './runtime/projection-poller';
import { ProjectionProcessor } from './runtime/projection.processor';
import { ProjectionRunner } from './runtime/projection-runner';
import { Projector, PROJECTORS } from './runtime/projector';
import { RejectionSummaryController } from './audit-hours/audit-hours.http.controller';
import { AuditHoursProjector } from './audit-hours/audit-hours.projector';
import { RejectionSummaryReader } from './audit-hours/audit-hours.reader';
import { ContestDetailController } from './contest-detail/contest-detail.http.controller';
import { ContestDetailReader } from './contest-detail/contest-detail.reader';
import { ContestDetailProjector } from './contest-detail/contest-detail.projector';
import { ContestListController } from './contest-list/contest-list.http.controller';
import { ContestListReader } from './contest-list/contest-list.reader';
import { ContestListProjector } from './contest-list/contest-list.projector';
import { EntryCommentsController } from './entry-comments/entry-comments.http.controller';
import { EntryCommentsReader } from './entry-comments/entry-comments.reader';
import { EntryCommentsProjector } from './entry-comments/entry-comments.projector';
import { EntryDetailController } from './entry-detail/entry-detail.http.controller';
import { EntryDetailReader } from './entry-detail/entry-detail.reader';
import { EntryDetailProjector } from './entry-detail/entry-detail.projector';
import { StandingsController } from './standings/standings.http.controller';
import { StandingsBroadcast } from './standings/standings-broadcast';
import { StandingsProgressReader } from './standings/standings-progress.reader';
import { StandingsStreamController } from './standings/standings-stream.http.controller';
import { StandingsReader } from './standings/standings.reader';
import { StandingsProjector } from './standings/standings.projector';
import { UserActivityController } from './user-activity/user-activity.http.controller';
import { UserActivityReader } from './user-activity/user-activity.reader';
import { UserActivityProjector } from './user-activity/user-activity.projector';

export const PROJECTOR_CLASSES = [
  UserActivityProjector,
  ContestListProjector,
  ContestDetailProjector,
  StandingsProjector,
  EntryDetailProjector,
  EntryCommentsProjector,
  AuditHoursProjector,
];
const controllers = [
  UserActivityController,
  ContestListController,
  ContestDetailController,
  StandingsController,
  StandingsStreamController,
  EntryDetailController,
  EntryCommentsController,
  RejectionSummaryController,
];
/** The SQL behind each read route. */
const readers = [
  UserActivityReader,
  ContestListReader,
  ContestDetailReader,
  StandingsReader,
  StandingsProgressReader,
  EntryDetailReader,
  EntryCommentsReader,
  RejectionSummaryReader,
];

/**
 * Every read view: its projector, its tables, its read route. The API role rings doorbells
 * and serves reads; the worker role also runs the projectors.
 */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PROJECTORS) private readonly all: readonly Projector[],
  ) {}

  static forRole(options: { api: boolean; worker: boolean }): DynamicModule {
    const workerProviders = options.worker
      ? [ProjectionLeases, ProjectionProcessor, ProjectionPoller]
      : [];
    return {
      module: ProjectionsModule,
      imports: [BullModule.registerQueue({ name: PROJECTION_QUEUE })],
      controllers: options.api ? controllers : [],
      providers: [
        ...PROJECTOR_CLASSES,
        {
          provide: PROJECTORS,
          useFactory: (...list: Projector[]) => list,
          inject: PROJECTOR_CLASSES,
        },
        ProjectionRunner,
        ProjectionFreshness,
        ProjectionDoorbell,
        { provide: COMMIT_LISTENER, useExisting: ProjectionDoorbell },
        // The live standings streams, with their one shared check and heartbeat timer.
        ...(options.api ? [...readers, StandingsBroadcast] : []),
        ...workerProviders,
      ],
      exports: [COMMIT_LISTENER, ProjectionDoorbell, ProjectionRunner, PROJECTORS],
    };
  }

  /**
   * Fail at boot, not at 3 a.m.: names are unique, every projector has decided about every
   * event type (a table cast past the compiler is caught here), and every projection has a
   * checkpoint row.
   */
  async onApplicationBootstrap(): Promise<void> {
    const names = this.all.map((p) => p.name);
    if (new Set(names).size !== names.length)
      throw new Error(`duplicate projector names: ${names.join(', ')}`);
    for (const projector of this.all) {
      const undecided = undecidedEventTypes(projector.events);
      if (undecided.length > 0)
        throw new Error(
          `projector ${projector.name} neither handles nor ignores ${undecided.join(', ')}`,
        );
    }
    for (const projector of this.all) {
      await ensureCheckpoint(this.dataSource.manager, projector.name, projector.version);
    }
  }
}
