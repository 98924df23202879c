import { CommandLog1764144000000 } from './1764144000000-command-log';
import { IdentityState1764144000001 } from './1764144000001-identity-state';
import { ProjectionRuntime1764144000002 } from './1764144000002-projection-runtime';
import { ContestState1764144000003 } from './1764144000003-contest-state';
import { ContestViews1764144000004 } from './1764144000004-contest-views';
import { Replays1764144000005 } from './1764144000005-replays';
import { AnalystSql1764144000006 } from './1764144000006-analyst-sql';
import { RateLimits1764144000007 } from './1764144000007-rate-limits';
import { AuditOrderIndexes1764144000008 } from './1764144000008-audit-order-indexes';
import { AuditHours1764144000009 } from './1764144000009-audit-hours';
import { Sessions1764144000010 } from './1764144000010-sessions';
import { FinalContests1764144000011 } from './1764144000011-final-contests';
import { ReplayHistory1764144000012 } from './1764144000012-replay-history';

/** Every migration, in order. Listed explicitly so the app, the CLI and tests share one list. */
export const MIGRATIONS = [
  CommandLog1764144000000,
  IdentityState1764144000001,
  ProjectionRuntime1764144000002,
  ContestState1764144000003,
  ContestViews1764144000004,
  Replays1764144000005,
  AnalystSql1764144000006,
  RateLimits1764144000007,
  AuditOrderIndexes1764144000008,
  AuditHours1764144000009,
  Sessions1764144000010,
  FinalContests1764144000011,
  ReplayHistory1764144000012,
];
