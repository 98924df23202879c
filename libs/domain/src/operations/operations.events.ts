import { RulesetRecord } from '../contests/contest.state';

/** An admin asked for a what-if replay; the replay itself runs on a worker. */
export interface ReplayRequested {
  readonly type: 'ReplayRequested';
  readonly replayId: string;
  readonly contestId: string;
  /** The candidate ruleset; null replays the contest under its own rules. */
  readonly ruleset: RulesetRecord | null;
  readonly asOf: string | null;
}

export interface ProjectionRebuildRequested {
  readonly type: 'ProjectionRebuildRequested';
  readonly projection: string;
}

/** A parked log row is given to its projector again. */
export interface DeadLetterRetried {
  readonly type: 'DeadLetterRetried';
  readonly id: number;
  readonly projection: string;
  readonly position: number;
}

/** A parked log row is left out of its view for good. */
export interface DeadLetterSkipped {
  readonly type: 'DeadLetterSkipped';
  readonly id: number;
  readonly projection: string;
  readonly position: number;
}

export type OperationsEvent =
  ReplayRequested | ProjectionRebuildRequested | DeadLetterRetried | DeadLetterSkipped;
