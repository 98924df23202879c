/**
 * The admins' commands that steer the platform rather than contests: what-if replays,
 * projection rebuilds and parked rows. They are logged and answered like every command; their
 * decisions are made where the state they need lives (replays, projections).
 */

export interface RequestReplay {
  readonly type: 'RequestReplay';
  readonly receivedAt: Date;
  /** Minted at the edge, so a repeated request names the same replay. */
  readonly replayId: string;
  readonly contestId: string;
  /** The candidate: a stored ruleset, an inline definition, or neither (the live rules). */
  readonly rulesetId: string | null;
  readonly definition: Readonly<Record<string, unknown>> | null;
  readonly asOf: Date | null;
  readonly requestedBy: string;
}

export interface RebuildProjection {
  readonly type: 'RebuildProjection';
  readonly receivedAt: Date;
  readonly projection: string;
  readonly requestedBy: string;
}

export interface RetryDeadLetter {
  readonly type: 'RetryDeadLetter';
  readonly receivedAt: Date;
  readonly deadLetterId: number;
  readonly requestedBy: string;
}

export interface SkipDeadLetter {
  readonly type: 'SkipDeadLetter';
  readonly receivedAt: Date;
  readonly deadLetterId: number;
  readonly requestedBy: string;
}

export type OperationsCommand =
  RequestReplay | RebuildProjection | RetryDeadLetter | SkipDeadLetter;
