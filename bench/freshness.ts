import { Client } from 'pg';
import { report } from './lib/report';
import { createBenchDatabase, dropBenchDatabase, startServer } from './lib/server';
import { createContestWithEntries, signUpMany } from './lib/setup';
import { percentiles, voteSteadily } from './lib/steady-votes';

/**
 * P2 (docs/BENCHMARKS.md): how long after a command's commit the standings view shows it, at a
 * steady BENCH_RATE (default 2,000, the rate the p99 goal is set at) CastVote commands per
 * second, with the API and the worker in processes of their own as deployed. A command's commit
 * is taken as its reply's arrival (the reply is sent after the commit); it is shown once the
 * standings checkpoint has passed its position in the log's reading order, which this process
 * polls every few milliseconds (bench/lib/steady-votes.ts). Also: whether the API kept the rate
 * (its reply times), and whether the projectors kept up (the lag left when the load stops, and
 * how long it took to drain).
 */
async function main(): Promise<void> {
  const rate = Number(process.env.BENCH_RATE ?? 2000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const clients = Number(process.env.BENCH_CLIENTS ?? 32);
  const name = `bench_freshness_${Date.now()}`;
  const databaseUrl = await createBenchDatabase(name);
  const api = await startServer({ databaseUrl, role: 'api', port: 3921, prefix: name });
  const worker = await startServer({ databaseUrl, role: 'worker', port: 3922, prefix: name });
  const db = new Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const [owner, ...authors] = await signUpMany(api.baseUrl, 'author', 5);
    const voters = await signUpMany(api.baseUrl, 'voter', clients * 4);
    const contest = await createContestWithEntries(api.baseUrl, owner, authors);
    const load = await voteSteadily(api, db, voters, [contest], { rate, seconds, clients });
    report('freshness', {
      targetRate: rate,
      // Commands sent per second over the sending window; every one of them accepted.
      sentPerSecond: load.sentPerSecond,
      // Accepted per second until the last reply: below the rate when replies fell behind.
      processedPerSecond: load.processedPerSecond,
      statuses: load.statuses,
      replyMs: percentiles(load.replyMs),
      measured: load.freshness.length,
      freshnessMs: percentiles(load.freshness),
      projectorsKeptUp: load.keptUp,
      targets: { p99Ms: 100, atRatePerSecond: 2000 },
    });
  } finally {
    await db.end().catch(() => undefined);
    await worker.stop();
    await api.stop();
    await dropBenchDatabase(name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
