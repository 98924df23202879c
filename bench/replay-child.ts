import { DataSource } from 'typeorm';
import { rulesetHash, validateRuleset } from '@contest/ranking-engine';
import { createDataSource } from '../src/platform/database/run-migrations';
import { ProjectionRunner } from '../src/projections/runtime/projection-runner';
import { StandingsProjector } from '../src/projections/standings/standings.projector';
import { runReplayInThread } from '../src/replays/running/replay-thread';
import { rssMb } from './lib/server';

/**
 * The worker side of bench:replay, in a process of its own so its RSS is the replay's:
 * `replay` runs a what-if replay of the contest, `rebuild` rebuilds the standings projection.
 */
async function main(): Promise<void> {
  const [mode, databaseUrl, contestId] = process.argv.slice(2);
  const dataSource: DataSource = await createDataSource(databaseUrl, 4).initialize();
  let peakRss = rssMb(process.pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(process.pid))), 100);
  const started = Date.now();
  let rows = 0;
  let extra: Record<string, unknown> = {};
  if (mode === 'replay') {
    const checked = validateRuleset({ acceptance: { maxVotesPerUserPerContest: 3 } });
    if (!checked.ok) throw new Error('bad candidate');
    const candidate = {
      rulesetId: 'bench',
      name: 'three-votes',
      hash: rulesetHash(checked.ruleset),
      acceptance: checked.ruleset.acceptance,
      scoring: checked.ruleset.scoring as unknown as Record<string, unknown>,
    };
    // As the worker runs it: in a thread with a heap of REPLAY_HEAP_MB.
    const { result, stats } = await runReplayInThread(
      { contestId, candidate, asOf: null },
      { databaseUrl, heapMb: Number(process.env.REPLAY_HEAP_MB ?? 192) },
    );
    rows = stats.commands;
    extra = {
      flips: result.outcomeChanges,
      winnerChanged: result.winnerChanged,
      entriesRanked: result.standings.length,
    };
  } else {
    const projector = new StandingsProjector();
    await dataSource.query(`TRUNCATE view_standings, view_standings_contests`);
    await dataSource.query(
      `UPDATE projection_checkpoints SET last_tx_id = '0', last_position = 0 WHERE projection = 'standings'`,
    );
    const result = await new ProjectionRunner(dataSource).catchUp(projector, {
      batchSize: 5000,
      maxAttempts: 2,
      backoffMs: 10,
    });
    rows = result.applied;
  }
  clearInterval(sampler);
  const durationMs = Date.now() - started;
  process.stdout.write(
    `${JSON.stringify({ rows, durationMs, rowsPerSecond: Math.round((rows / durationMs) * 1000), peakRssMb: peakRss, ...extra })}\n`,
  );
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
