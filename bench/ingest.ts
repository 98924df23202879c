import { Client } from 'pg';
import { Arm, armFigures, armOf, measureRounds, medianRatio, startBare } from './lib/bare-ceiling';
import { report } from './lib/report';
import { availableParallelism } from 'node:os';
import {
  coresBusy,
  cpuSeconds,
  createBenchDatabase,
  dropBenchDatabase,
  machineTicks,
  rssMb,
  startServer,
} from './lib/server';
import { createContestWithEntries, signUpMany } from './lib/setup';

/**
 * P1 (docs/BENCHMARKS.md): accepted CastVote commands per second over HTTP, each durable in the log
 * before its reply, 64 clients on one hot contest, against the app's own no-op POST and the bare
 * framework's, in interleaved rounds of the same run with the same load generator. Also the API
 * process's CPU and peak RSS.
 */
type ArmName = 'appNoopPost' | 'castVote' | 'bareNoopPost';

async function main(): Promise<void> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 64);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const name = `bench_ingest_${Date.now()}`;
  const databaseUrl = await createBenchDatabase(name);
  const server = await startServer({ databaseUrl, role: 'api', port: 3917, prefix: name });
  try {
    const [owner, ...authors] = await signUpMany(server.baseUrl, 'author', 5);
    const voters = await signUpMany(server.baseUrl, 'voter', clients);
    const { entries } = await createContestWithEntries(server.baseUrl, owner, authors);
    const body = (i: number) => JSON.stringify({ value: i % 2 === 0 ? 1 : -1 });
    // Every arm sends the same bodies with the same tokens; each client alternates +1 and -1.
    const noopCycle = (c: number) =>
      [0, 1].map((i) => ({
        method: 'POST',
        path: '/__bench/noop',
        body: body(i),
        headers: { authorization: `Bearer ${voters[c].token}` },
      }));
    const voteCycle = (c: number) =>
      [0, 1].map((i) => ({
        method: 'POST',
        path: `/entries/${entries[c % entries.length]}/vote`,
        body: body(i),
        headers: { authorization: `Bearer ${voters[c].token}` },
      }));
    const rssBeforeLoad = rssMb(server.pid);
    const cores = availableParallelism();
    // Per measured round of an arm: the API's CPU (cores) and the machine's busy cores.
    const usage: Record<string, { apiCores: number[]; machineCores: number[] }> = {
      appNoopPost: { apiCores: [], machineCores: [] },
      castVote: { apiCores: [], machineCores: [] },
    };
    const measured =
      (name: string, arm: Arm): Arm =>
      async (s) => {
        const [cpu, ticks] = [cpuSeconds(server.pid), machineTicks()];
        const result = await arm(s);
        if (s > 2) {
          usage[name].apiCores.push(
            Math.round(((cpuSeconds(server.pid) - cpu) / result.seconds) * 100) / 100,
          );
          usage[name].machineCores.push(coresBusy(ticks, machineTicks(), cores));
        }
        return result;
      };
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid))), 250);
    const bare = await startBare();
    let measuredRounds: Awaited<ReturnType<typeof measureRounds<ArmName>>>;
    try {
      // Each client is one voter flipping its vote on one entry: every vote is accepted.
      measuredRounds = await measureRounds<ArmName>(seconds, {
        appNoopPost: measured('appNoopPost', armOf(server, clients, noopCycle)),
        castVote: measured('castVote', armOf(server, clients, voteCycle)),
        bareNoopPost: armOf(bare, clients, noopCycle),
      });
    } finally {
      clearInterval(sampler);
      await bare.stop();
    }
    const { results, perRound } = measuredRounds;
    const [ceiling, votes] = [results.appNoopPost, results.castVote];

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM command_log WHERE type = 'CastVote' AND status = 'accepted'`,
    );
    await client.end();

    // Every reply of the vote arm is an accepted vote (statuses shows any that was not).
    report('ingest', {
      clients,
      seconds,
      rounds: perRound.length,
      ceiling: armFigures(ceiling),
      castVote: { ...armFigures(votes), acceptedRowsInLog: rows[0].n },
      bareCeiling: armFigures(results.bareNoopPost),
      ratiosToBare: {
        appNoopPost: medianRatio(perRound, 'appNoopPost', 'bareNoopPost'),
        castVote: medianRatio(perRound, 'castVote', 'bareNoopPost'),
      },
      goals: { appNoopPostToBare: 0.5, castVoteToBare: 0.25, castVoteP99Ms: 50, apiRssMb: 250 },
      usage,
      ratioToCeiling: medianRatio(perRound, 'castVote', 'appNoopPost'),
      apiRssBeforeLoadMb: rssBeforeLoad,
      apiPeakRssMb: peakRss,
    });
  } finally {
    await server.stop();
    await dropBenchDatabase(name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
