import { EntityManager } from 'typeorm';
import type { LogCursor } from './log-reader';

import type { StoredEvent } from '../../command-log/stored-event';

export type { StoredEvent };

/** One command log row as projectors see it. */
export interface LogRow {
  readonly position: number;
  readonly txId: string;
  readonly commandId: string;
  readonly type: string;
  readonly actorId: string | null;
  readonly streamKey: string;
  readonly status: 'accepted' | 'rejected';
  readonly rejectionCode: string | null;
  readonly receivedAt: Date;
  readonly events: readonly StoredEvent[];
}

/** What happens to the rows after one that keeps failing, once it is parked. */
export type PoisonPolicy = 'skip' | 'halt';

/**
 * A read view built from the log alone (DESIGN.md invariant 8). `apply` writes to the view's
 * own tables inside the runner's transaction, which also moves the checkpoint: a batch and
 * its checkpoint commit together (invariant 7).
 */
export interface Projector {
  readonly name: string;
  readonly version: number;
  readonly onPoisonRow: PoisonPolicy;
  /** The tables this view owns (and a rebuild builds anew beside them). */
  readonly tables: readonly string[];
  /** `after` is the checkpoint the rows follow: the state the view's tables reflect now. */
  apply(tx: EntityManager, rows: readonly LogRow[], after: LogCursor): Promise<void>;
}

export const PROJECTORS = Symbol('PROJECTORS');
