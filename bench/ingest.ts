import { Client } from 'pg';
import { runCannon } from './lib/cannon';
import { measureBareCeiling, ratio } from './lib/bare-ceiling';
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
 * before its reply, 64 clients on one hot contest, against the same app's no-op POST ceiling
 * measured in the same run with the same load generator. Also the API process's peak RSS.
 */
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
    const rssBeforeLoad = rssMb(server.pid);

    // Warm both paths, then measure the ceiling and the votes with the same generator.
    await runCannon(server.baseUrl, clients, 2, (c, i) => ({
      method: 'POST',
      path: '/__bench/noop',
      body: body(i),
      headers: { authorization: `Bearer ${voters[c].token}` },
    }));
    const cores = availableParallelism();
    const cpuBeforeCeiling = cpuSeconds(server.pid);
    const machineBeforeCeiling = machineTicks();
    const ceiling = await runCannon(server.baseUrl, clients, seconds, (c, i) => ({
      method: 'POST',
      path: '/__bench/noop',
      body: body(i),
      headers: { authorization: `Bearer ${voters[c].token}` },
    }));
    const ceilingCpu = (cpuSeconds(server.pid) - cpuBeforeCeiling) / ceiling.seconds;
    const ceilingMachine = coresBusy(machineBeforeCeiling, machineTicks(), cores);
    const bare = await measureBareCeiling(clients, seconds, (client, i) => ({
      method: 'POST',
      path: '/__bench/noop',
      body: body(i),
      headers: { authorization: `Bearer ${voters[client].token}` },
    }));
    const machineBeforeVotes = machineTicks();
    let peakRss = 0;
    const cpuBeforeVotes = cpuSeconds(server.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid))), 250);
    // Each client is one voter flipping its vote on one entry: every command is accepted.
    const votes = await runCannon(server.baseUrl, clients, seconds, (c, i) => ({
      method: 'POST',
      path: `/entries/${entries[c % entries.length]}/vote`,
      body: body(i),
      headers: { authorization: `Bearer ${voters[c].token}` },
    }));
    clearInterval(sampler);
    const votesCpu = (cpuSeconds(server.pid) - cpuBeforeVotes) / votes.seconds;
    const votesMachine = coresBusy(machineBeforeVotes, machineTicks(), cores);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM command_log WHERE type = 'CastVote' AND status = 'accepted'`,
    );
    await client.end();

    const accepted = votes.statuses[200] ?? 0;
    const acceptedPerSecond = Math.round(accepted / votes.seconds);
    report('ingest', {
      clients,
      seconds,
      ceiling: {
        noopPostPerSecond: ceiling.perSecond,
        p50Ms: ceiling.p50Ms,
        p99Ms: ceiling.p99Ms,
        statuses: ceiling.statuses,
      },
      castVote: {
        acceptedPerSecond,
        p50Ms: votes.p50Ms,
        p99Ms: votes.p99Ms,
        statuses: votes.statuses,
        acceptedRowsInLog: rows[0].n,
      },
      bareCeiling: {
        noopPostPerSecond: bare.perSecond,
        p50Ms: bare.p50Ms,
        p99Ms: bare.p99Ms,
        statuses: bare.statuses,
      },
      ratiosToBare: {
        appNoopPost: ratio(ceiling.perSecond, bare.perSecond),
        castVote: ratio(acceptedPerSecond, bare.perSecond),
      },
      goals: { appNoopPostToBare: 0.5, castVoteToBare: 0.25, castVoteP99Ms: 50 },
      apiCpuCores: {
        ceiling: Math.round(ceilingCpu * 100) / 100,
        castVote: Math.round(votesCpu * 100) / 100,
      },
      machineCoresBusy: { of: cores, ceiling: ceilingMachine, castVote: votesMachine },
      ratioToCeiling: ratio(acceptedPerSecond, ceiling.perSecond),
      targets: { ratio: 0.5, p99Ms: 50, apiRssMb: 250 },
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
