import { DataSource } from 'typeorm';
import { LogReplay, ReplayOutcome } from '../../src/ranking/replay/log-replay';
import { RawReplayRow, REPLAY_COLUMNS, toReplayRow } from '../../src/ranking/replay/replay-runner';
import { BUILTIN_RULESETS } from '../../src/ranking/rulesets/builtin-rulesets';

/** Re-decides the whole log in memory, in the order projectors read it. */
export async function replayWholeLog(
  ds: DataSource,
): Promise<{ replay: LogReplay; outcomes: ReplayOutcome[] }> {
  const rows: RawReplayRow[] = await ds.query(
    `SELECT ${REPLAY_COLUMNS}, events
     FROM command_log ORDER BY command_log.tx_id, command_log.position`,
  );
  const replay = new LogReplay(BUILTIN_RULESETS);
  const outcomes = rows.map((row) => replay.apply(toReplayRow(row)));
  return { replay, outcomes };
}
