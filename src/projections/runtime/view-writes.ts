import { EventHandlers, handleEvent } from '@contest/domain';
import { EntityManager } from 'typeorm';
import { LogRow } from '../../command-log/log-reader';

/** One statement a projector makes of an event, run in log order inside the batch. */
export type ViewWrite = (tx: EntityManager) => Promise<unknown>;

/** What a projector's event handlers are given: the event's row, and where to put writes. */
export interface ViewRow {
  readonly row: LogRow;
  readonly writes: ViewWrite[];
}

/**
 * The writes the events of `rows` make under `handlers`, run in log order. Handlers stay
 * synchronous and small; the statements they queue run here one after another, since a later
 * event may depend on an earlier one's row (a comment on an entry submitted in the batch).
 */
export async function writeEvents(
  tx: EntityManager,
  handlers: EventHandlers<ViewRow>,
  rows: readonly LogRow[],
): Promise<void> {
  for (const row of rows) {
    const context: ViewRow = { row, writes: [] };
    for (const event of row.events) handleEvent(handlers, event, context);
    for (const write of context.writes) await write(tx);
  }
}

/** Marks the events a scoring view takes through its contests' scores (ContestScores). */
export const SCORED = (): void => undefined;
