import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '../src/platform/database/run-migrations';
import { writeBulkHistory } from './lib/bulk-history';
import { report } from './lib/report';
import { createBenchDatabase, dropBenchDatabase, withAdmin } from './lib/server';

/**
 * P3 and P4 (docs/BENCHMARKS.md): a what-if replay of a ~1,000,000-command contest (decide + score
 * + diff, streamed from Postgres) against a raw COPY of the same rows in the same run, with
 * the worker's RSS; and a full rebuild of the standings projection from the log.
 */
async function main(): Promise<void> {
  const voters = Number(process.env.BENCH_VOTERS ?? 20_000);
  const name = `bench_replay_${Date.now()}`;
  const databaseUrl = await createBenchDatabase(name);
  try {
    const migrator = await createDataSource(databaseUrl, 2).initialize();
    await runMigrations(migrator);
    await migrator.destroy();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const writeStarted = Date.now();
    const { contestId, commands } = await writeBulkHistory(client, {
      voters,
      entries: 200,
      votesPerVoter: 5,
      viewsPerVote: 9,
      comments: 50_000,
    });
    const writeMs = Date.now() - writeStarted;
    await client.end();

    // The same rows the replay reads, copied out raw: the ceiling.
    const copyStarted = Date.now();
    execFileSync('psql', [
      databaseUrl,
      '-qAt',
      '-c',
      `\\copy (SELECT position, tx_id, type, actor_id, received_at, payload, metadata, status, rejection_code, events FROM command_log WHERE stream_key = 'contest:${contestId}' OR (status = 'accepted' AND type IN ('RegisterUser', 'CreateRuleset')) ORDER BY tx_id, position) TO '/dev/null'`,
    ]);
    const copyMs = Date.now() - copyStarted;
    const [{ n: copied }] = await withAdmin(async () => {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM command_log WHERE stream_key = $1 OR (status = 'accepted' AND type IN ('RegisterUser', 'CreateRuleset'))`,
        [`contest:${contestId}`],
      );
      await c.end();
      return rows;
    });
    const child = (mode: string) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [join(__dirname, 'replay-child.js'), mode, databaseUrl, contestId],
          { encoding: 'utf8' },
        ),
      );
    const replay = child('replay');
    const rebuild = child('rebuild');
    const copyPerSecond = Math.round((copied / copyMs) * 1000);
    report('replay', {
      contestCommands: commands,
      bulkWriteMs: writeMs,
      copy: { rows: copied, durationMs: copyMs, rowsPerSecond: copyPerSecond },
      replay: {
        ...replay,
        ratioToCopy: Math.round((replay.rowsPerSecond / copyPerSecond) * 1000) / 1000,
      },
      rebuildStandings: rebuild,
      targets: {
        replayCommandsPerSecond: 250_000,
        replayRatioToCopy: 0.3,
        workerRssMb: 300,
        rebuildRowsPerSecond: 50_000,
      },
    });
  } finally {
    // BENCH_KEEP_DB=true keeps the database, to profile the child on it again.
    if (process.env.BENCH_KEEP_DB !== 'true') await dropBenchDatabase(name);
    else process.stdout.write(`kept database ${name}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
