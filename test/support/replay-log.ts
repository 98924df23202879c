import { DataSource } from 'typeorm';
import { ReplayRow } from '../../src/ranking/replay/command-from-log';
import { LogReplay, ReplayOutcome } from '../../src/ranking/replay/log-replay';
import { BUILTIN_RULESETS } from '../../src/ranking/replay/replay-runner';

/** Re-decides the whole log in memory, in the order projectors read it. */
export async function replayWholeLog(
  ds: DataSource,
): Promise<{ replay: LogReplay; outcomes: ReplayOutcome[] }> {
  const rows: {
    position: string;
    type: string;
    actor_id: string | null;
    received_at: Date;
    payload: Record<string, unknown>;
    metadata: ReplayRow['metadata'];
    status: 'accepted' | 'rejected';
    rejection_code: string | null;
    events: ReplayRow['events'];
  }[] = await ds.query(
    `SELECT position, type, actor_id, received_at, payload, metadata, status, rejection_code, events
     FROM command_log ORDER BY tx_id, position`,
  );
  const replay = new LogReplay(BUILTIN_RULESETS);
  const outcomes = rows.map((row) =>
    replay.apply({
      position: Number(row.position),
      type: row.type,
      actorId: row.actor_id,
      receivedAt: row.received_at,
      payload: row.payload,
      metadata: row.metadata,
      status: row.status,
      rejectionCode: row.rejection_code,
      events: row.events,
    }),
  );
  return { replay, outcomes };
}
