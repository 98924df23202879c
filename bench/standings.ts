import { availableParallelism } from 'node:os';
import { Arm, armFigures, armOf, measureRounds, medianRatio, startBare } from './lib/bare-ceiling';
import { runLoad } from './lib/load';
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
 * P5 (docs/BENCHMARKS.md): GET standings (top 50) against the app's own no-op GET and the bare
 * framework's, in interleaved rounds of the same run, at full speed; then paced at 1,000 req/s
 * for its latency.
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
    const bare = await startBare();
    try {
      // The app's cheapest real GET (no parameters, as the bare no-op has none) against the bare.
      const live = () => [{ method: 'GET', path: '/health/live' }];
      const noop = () => [{ method: 'GET', path: '/__bench/noop' }];
      let ticks = machineTicks();
      const busy: Record<string, number[]> = { appLiveGet: [], standings: [] };
      const busyArm =
        (name: string, arm: Arm): Arm =>
        async (s) => {
          ticks = machineTicks();
          const result = await arm(s);
          if (s > 2) busy[name].push(coresBusy(ticks, machineTicks(), cores));
          return result;
        };
      const { results, perRound } = await measureRounds(seconds, {
        appLiveGet: busyArm('appLiveGet', armOf(server, clients, live)),
        standings: busyArm(
          'standings',
          armOf(server, clients, () => [{ method: 'GET', path }]),
        ),
        bareNoopGet: armOf(bare, clients, noop),
      });
      const paced = await runLoad(
        server.baseUrl,
        32,
        seconds,
        () => ({ method: 'GET', path }),
        1000,
      );
      report('standings', {
        clients,
        seconds,
        rounds: perRound.length,
        entries: entries.length,
        itemsPerReply: sample.items.length,
        ceiling: {
          path: '/health/live',
          ...armFigures(results.appLiveGet),
          machineCoresBusy: busy.appLiveGet,
        },
        standings: { ...armFigures(results.standings), machineCoresBusy: busy.standings },
        bareCeiling: armFigures(results.bareNoopGet),
        ratiosToBare: {
          appLiveGet: medianRatio(perRound, 'appLiveGet', 'bareNoopGet'),
          standings: medianRatio(perRound, 'standings', 'bareNoopGet'),
        },
        goals: { appLiveGetToBare: 0.5, standingsToBare: 0.4, p99MsAt1000PerSecond: 10 },
        ratioToCeiling: medianRatio(perRound, 'standings', 'appLiveGet'),
        at1000PerSecond: {
          perSecond: paced.perSecond,
          p50Ms: paced.p50Ms,
          p99Ms: paced.p99Ms,
          statuses: paced.statuses,
        },
      });
    } finally {
      await bare.stop();
    }
  } finally {
    await server.stop();
    await dropBenchDatabase(name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
