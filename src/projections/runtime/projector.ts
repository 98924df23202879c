import { EventHandlers } from '@contest/domain';
import { EntityManager } from 'typeorm';
import type { LogCursor, LogRow } from '../../command-log/log-reader';

/** What happens to the rows after one that keeps failing, once it is parked. */
export type PoisonPolicy = 'skip' | 'halt';

/**
 * A read view built from the log alone (docs/DESIGN.md invariant 8). `apply` writes to the view's
 * own tables inside the runner's transaction, which also moves the checkpoint: a batch and
 * its checkpoint commit together (invariant 7).
 */
export interface Projector {
  readonly name: string;
  readonly version: number;
  readonly onPoisonRow: PoisonPolicy;
  /** The tables this view owns (and a rebuild builds anew beside them). */
  readonly tables: readonly string[];
  /**
   * What the view does with every event type, or 'ignored': the compiler and the boot check
   * (projections.module.ts) both refuse a projector that has not decided about an event.
   */
  readonly events: EventHandlers<never>;
  /** `after` is the checkpoint the rows follow: the state the view's tables reflect now. */
  apply(tx: EntityManager, rows: readonly LogRow[], after: LogCursor): Promise<void>;
}

export const PROJECTORS = Symbol('PROJECTORS');
