import { Client } from 'pg';
import { writeBulkHistory } from './lib/bulk-history';
import { LoadResult, runLoad } from './lib/load';
import { report } from './lib/report';
import { availableParallelism } from 'node:os';
import {
  BenchServer,
  coresBusy,
  cpuSeconds,
  createBenchDatabase,
  dropBenchDatabase,
  machineTicks,
  startServer,
} from './lib/server';
import { createContestWithEntries, signUpMany, Voter } from './lib/setup';

/**
 * docs/scaling.md's table: 1 and 2 API processes x 1 and 2 workers on one database, measuring
 *  - hot-contest accepted votes/s: 64 clients flipping their votes on one contest, spread
 *    round-robin over the APIs (a load balancer's view);
 *  - freshness p99: from a vote's reply to the standings answering at its position, sampled
 *    under a paced background load;
 *  - catch-up: the workers stopped, a 25,000-row history of one contest written into the log,
 *    the workers started again, until every projection has reached the head.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const CONTESTS = Number(process.env.BENCH_CONTESTS ?? 1);

interface Topology {
  readonly apis: number;
  readonly workers: number;
}

async function main(): Promise<void> {
  const only = process.env.BENCH_TOPOLOGIES; // e.g. "1x1,2x1"
  const topologies: Topology[] = (only ?? '1x1,2x1,1x2,2x2').split(',').map((t) => {
    const [apis, workers] = t.split('x').map(Number);
    return { apis, workers };
  });
  const rows = [];
  for (const topology of topologies) rows.push(await measure(topology));
  const base = rows[0];
  report('scale-out', {
    seconds: SECONDS,
    clients: CLIENTS,
    contests: CONTESTS,
    rows: rows.map((row) => ({
      ...row,
      acceptedVsFirst: +(row.acceptedPerSecond / base.acceptedPerSecond).toFixed(3),
      catchUpVsFirst: +(row.catchUpSeconds / base.catchUpSeconds).toFixed(3),
    })),
  });
}

async function measure({ apis, workers }: Topology) {
  const name = `bench_scale_${apis}x${workers}_${Date.now()}`;
  const databaseUrl = await createBenchDatabase(name);
  const port = 3930 + apis * 10 + workers;
  const apiServers: BenchServer[] = [];
  const workerServers: BenchServer[] = [];
  const startWorkers = async () => {
    for (let i = 0; i < workers; i += 1) {
      workerServers.push(
        await startServer({ databaseUrl, role: 'worker', port: port + 100 + i, prefix: name }),
      );
    }
  };
  try {
    // The first API migrates the database; the others start on it.
    for (let i = 0; i < apis; i += 1) {
      apiServers.push(
        await startServer({ databaseUrl, role: 'api', port: port + i, prefix: name }),
      );
    }
    await startWorkers();
    const front = apiServers[0].baseUrl;
    const [owner, ...authors] = await signUpMany(front, `o${apis}${workers}_`, 5);
    const voters = await signUpMany(front, `v${apis}${workers}_`, CLIENTS);
    const { contestId, entries } = await createContestWithEntries(front, owner, authors);
    // BENCH_CONTESTS > 1: the voters spread over that many busy contests instead of one.
    const targets = [...entries];
    for (let k = 1; k < CONTESTS; k += 1) {
      targets.push(...(await createContestWithEntries(front, owner, authors)).entries);
    }

    const votes = await hotContest(apiServers, voters, targets, 2); // warm-up
    void votes;
    const hotFrom = new Date();
    const apiCpuBefore = apiServers.reduce((sum, api) => sum + cpuSeconds(api.pid), 0);
    const machineBefore = machineTicks();
    const hot = await hotContest(apiServers, voters, targets, SECONDS);
    const busyCores = coresBusy(machineBefore, machineTicks(), availableParallelism());
    const apiCpu = apiServers.reduce((sum, api) => sum + cpuSeconds(api.pid), 0) - apiCpuBefore;
    const perTransaction = await votesPerTransaction(databaseUrl, hotFrom);
    const freshness = await freshnessP99(apiServers, voters, entries, contestId);

    for (const worker of workerServers.splice(0)) await worker.stop();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { commands } = await writeBulkHistory(client, {
      voters: 500,
      entries: 20,
      votesPerVoter: 5,
      viewsPerVote: 9,
      comments: 250,
    });
    const started = Date.now();
    await startWorkers();
    await untilCaughtUp(client);
    const catchUpSeconds = (Date.now() - started) / 1000;
    await client.end();

    const row = {
      apis,
      workers,
      acceptedPerSecond: Math.round(hot.accepted / hot.seconds),
      hotP99Ms: Math.round(hot.p99Ms),
      votesPerTransaction: +perTransaction.toFixed(1),
      // CPU of the API processes per 1,000 accepted votes, and how busy the machine was.
      apiCpuMsPerThousand: Math.round((apiCpu * 1e6) / Math.max(1, hot.accepted)),
      machineCoresBusy: busyCores,
      freshnessP99Ms: Math.round(freshness),
      backlogRows: commands,
      catchUpSeconds: +catchUpSeconds.toFixed(1),
    };
    process.stdout.write(`${JSON.stringify(row)}\n`);
    return row;
  } finally {
    for (const server of [...apiServers, ...workerServers]) await server.stop();
    await dropBenchDatabase(name);
  }
}

/** Every client flips its own vote on one entry: every command is accepted. */
async function hotContest(
  apis: readonly BenchServer[],
  voters: readonly Voter[],
  entries: readonly string[],
  seconds: number,
) {
  const perApi = Math.ceil(voters.length / apis.length);
  const results: LoadResult[] = await Promise.all(
    apis.map((api, a) =>
      runLoad(api.baseUrl, perApi, seconds, (c, i) => {
        const voter = voters[(a * perApi + c) % voters.length];
        return {
          method: 'POST',
          path: `/entries/${entries[(a * perApi + c) % entries.length]}/vote`,
          body: JSON.stringify({ value: i % 2 === 0 ? 1 : -1 }),
          headers: { authorization: `Bearer ${voter.token}` },
        };
      }),
    ),
  );
  return {
    accepted: results.reduce((sum, r) => sum + (r.statuses[200] ?? 0), 0),
    seconds: Math.max(...results.map((r) => r.seconds)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
  };
}

/** How many votes a transaction of the hot contest carried, on average (group commit). */
async function votesPerTransaction(databaseUrl: string, from: Date): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ mean: number }>(
      `SELECT avg(n)::float AS mean FROM (
         SELECT count(*) AS n FROM command_log
         WHERE type = 'CastVote' AND received_at >= $1 GROUP BY tx_id) AS t`,
      [from],
    );
    return rows[0].mean;
  } finally {
    await client.end();
  }
}

/** Vote, then read the standings at the vote's position: the time until they show it. */
async function freshnessP99(
  apis: readonly BenchServer[],
  voters: readonly Voter[],
  entries: readonly string[],
  contestId: string,
): Promise<number> {
  const background = Promise.all(
    apis.map((api, a) =>
      runLoad(
        api.baseUrl,
        8,
        SECONDS,
        (c, i) => ({
          method: 'POST',
          path: `/entries/${entries[(a * 8 + c) % entries.length]}/vote`,
          body: JSON.stringify({ value: i % 2 === 0 ? 1 : -1 }),
          headers: { authorization: `Bearer ${voters[8 + ((a * 8 + c) % 32)].token}` },
        }),
        200 / apis.length,
      ),
    ),
  );
  const samples: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  for (let i = 0; Date.now() < until; i += 1) {
    const api = apis[i % apis.length].baseUrl;
    const voter = voters[i % 8];
    const vote = await fetch(`${api}/entries/${entries[0]}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${voter.token}` },
      body: JSON.stringify({ value: i % 2 === 0 ? -1 : 1 }),
    });
    await vote.text();
    const position = vote.headers.get('x-log-position');
    const replied = performance.now();
    const standings = await fetch(
      `${api}/contests/${contestId}/standings?minPosition=${position}&waitMs=5000`,
    );
    await standings.text();
    if (standings.status === 200) samples.push(performance.now() - replied);
    else samples.push(5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await background;
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))];
}

/** Until every projection's checkpoint is at the log's last row. */
async function untilCaughtUp(client: Client): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const { rows } = await client.query<{ behind: number }>(
      `SELECT count(*)::int AS behind FROM projection_checkpoints p
       WHERE p.last_position < (SELECT max(position) FROM command_log)`,
    );
    if (rows[0].behind === 0) return;
    if (Date.now() > deadline) throw new Error('the projections did not catch up in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
