import { availableParallelism } from 'node:os';
import { measureBareCeiling, ratio } from './lib/bare-ceiling';
import { runLoad } from './lib/load';
import { runCannon } from './lib/cannon';
import { report } from './lib/report';
import {
  coresBusy,
  createBenchDatabase,
  dropBenchDatabase,
  machineTicks,
  startServer,
} from './lib/server';
import { createContestWithEntries, signUpMany } from './lib/setup';

/**
 * P5 (docs/BENCHMARKS.md): GET standings (top 50) against the same app's no-op GET ceiling in the
 * same run, at full speed, then paced at 1,000 req/s for its latency.
 */
async function main(): Promise<void> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 64);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const entryCount = Number(process.env.BENCH_ENTRIES ?? 120);
  const name = `bench_standings_${Date.now()}`;
  const databaseUrl = await createBenchDatabase(name);
  const server = await startServer({ databaseUrl, role: 'all', port: 3918, prefix: name });
  try {
    const [owner, ...authors] = await signUpMany(server.baseUrl, 'author', entryCount + 1);
    const voters = await signUpMany(server.baseUrl, 'voter', 16);
    const { contestId, entries } = await createContestWithEntries(server.baseUrl, owner, authors);
    // Some votes so that the standings have scores and ranks to serve.
    await runLoad(server.baseUrl, voters.length, 3, (c, i) => ({
      method: 'POST',
      path: `/entries/${entries[(c * 7 + i) % entries.length]}/vote`,
      body: JSON.stringify({ value: 1 }),
      headers: { authorization: `Bearer ${voters[c].token}` },
    }));
    const path = `/contests/${contestId}/standings?limit=50`;
    const warm = await fetch(`${server.baseUrl}${path}&minPosition=1&waitMs=5000`);
    const sample = (await warm.json()) as { items: unknown[] };

    const cores = availableParallelism();
    await runCannon(server.baseUrl, clients, 2, () => ({ method: 'GET', path: '/__bench/noop' }));
    let t = machineTicks();
    const ceiling = await runCannon(server.baseUrl, clients, seconds, () => ({
      method: 'GET',
      path: '/__bench/noop',
    }));
    const ceilingBusy = coresBusy(t, (t = machineTicks()), cores);
    const standings = await runCannon(server.baseUrl, clients, seconds, () => ({
      method: 'GET',
      path,
    }));
    const standingsBusy = coresBusy(t, (t = machineTicks()), cores);
    const paced = await runLoad(server.baseUrl, 32, seconds, () => ({ method: 'GET', path }), 1000);
    const bare = await measureBareCeiling(clients, seconds, () => ({
      method: 'GET',
      path: '/__bench/noop',
    }));

    report('standings', {
      clients,
      seconds,
      entries: entries.length,
      itemsPerReply: sample.items.length,
      ceiling: {
        noopGetPerSecond: ceiling.perSecond,
        p50Ms: ceiling.p50Ms,
        p99Ms: ceiling.p99Ms,
        statuses: ceiling.statuses,
        machineCoresBusy: ceilingBusy,
      },
      standings: {
        perSecond: standings.perSecond,
        p50Ms: standings.p50Ms,
        p99Ms: standings.p99Ms,
        statuses: standings.statuses,
        machineCoresBusy: standingsBusy,
      },
      bareCeiling: {
        noopGetPerSecond: bare.perSecond,
        p50Ms: bare.p50Ms,
        p99Ms: bare.p99Ms,
        statuses: bare.statuses,
      },
      ratiosToBare: {
        appNoopGet: ratio(ceiling.perSecond, bare.perSecond),
        standings: ratio(standings.perSecond, bare.perSecond),
      },
      goals: { appNoopGetToBare: 0.5, standingsToBare: 0.4, p99MsAt1000PerSecond: 10 },
      ratioToCeiling: ratio(standings.perSecond, ceiling.perSecond),
      at1000PerSecond: {
        perSecond: paced.perSecond,
        p50Ms: paced.p50Ms,
        p99Ms: paced.p99Ms,
        statuses: paced.statuses,
      },
      targets: { ratio: 0.7, p99MsAt1000PerSecond: 10 },
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
