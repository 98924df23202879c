import { DataSource } from 'typeorm';
import { readCommandsAfter, withLogConnection } from '../../../../src/command-log/log-reader';
import { LogReplay, ReplayOutcome } from '../../../../src/replays/running/log-replay';
import { BUILTIN_RULESETS } from '../../../../src/rulesets/builtin-rulesets';

/** Re-decides the whole (settled) log in memory, in the order projectors read it. */
export async function replayWholeLog(
  ds: DataSource,
): Promise<{ replay: LogReplay; outcomes: ReplayOutcome[] }> {
  const rows = await withLogConnection(ds, (connection) =>
    readCommandsAfter(
      connection,
      { filter: 'true', params: [], events: 'events' },
      { txId: '0', position: 0 },
      Number.MAX_SAFE_INTEGER,
    ),
  );
  const replay = new LogReplay(BUILTIN_RULESETS);
  const outcomes = rows.map((row) => replay.apply(row));
  return { replay, outcomes };
}
