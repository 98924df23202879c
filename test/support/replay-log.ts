import { RulesetRecord, STANDARD_ACCEPTANCE } from '@contest/domain';
import { rulesetHash, STANDARD_V1 } from '@contest/ranking-engine';
import { DataSource } from 'typeorm';
import { ReplayRow } from '../../src/ranking/replay/command-from-log';
import { LogReplay, ReplayOutcome } from '../../src/ranking/replay/log-replay';

export const STANDARD_RULESET: RulesetRecord = {
  rulesetId: 'standard-v1',
  name: 'standard-v1',
  hash: rulesetHash(STANDARD_V1),
  acceptance: STANDARD_ACCEPTANCE,
  scoring: STANDARD_V1.scoring as unknown as Record<string, unknown>,
};

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
  const replay = new LogReplay([STANDARD_RULESET]);
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
