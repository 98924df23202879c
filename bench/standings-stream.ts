import { ClientRequest, request } from 'node:http';
import { Client } from 'pg';
import { report } from './lib/report';
import {
  BenchServer,
  cpuSeconds,
  createBenchDatabase,
  dropBenchDatabase,
  rssMb,
  startServer,
} from './lib/server';
import { createContestWithEntries, signUpMany } from './lib/setup';
import { percentiles, voteSteadily } from './lib/steady-votes';

/**
 * Live standings (GET /contests/:contestId/standings/stream) held open by many idle clients: the
 * API process's RSS before and after BENCH_SUBSCRIBERS (default 2,000) streams connect, spread
 * over BENCH_CONTESTS (20) contests; then, while they stay connected, the freshness of
 * bench/freshness.ts at a steady BENCH_RATE (1,000) CastVote/s on BENCH_VOTED_CONTESTS (1) of
 * them, against its goal (p99 ≤ 250 ms); whether the API kept that rate (its replies); the
 * events the streams received; and how long after a vote's reply its contest's stream carried
 * it (one probe stream per contest; the others count events and discard them).
 */
interface Stream {
  readonly contestId: string;
  readonly request: ClientRequest;
  events: number;
}

async function main(): Promise<void> {
  const subscriberCount = Number(process.env.BENCH_SUBSCRIBERS ?? 2000);
  const contestCount = Number(process.env.BENCH_CONTESTS ?? 20);
  // The votes go to the first of them only, as bench/freshness.ts sends its votes to one hot
  // contest: a contest's commands are decided one batch at a time, so spreading 1,000 votes/s
  // over 20 contests makes 20 times the transactions, more than a 2-core machine commits.
  const votedCount = Number(process.env.BENCH_VOTED_CONTESTS ?? 1);
  const rate = Number(process.env.BENCH_RATE ?? 1000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const clients = Number(process.env.BENCH_CLIENTS ?? 32);
  const name = `bench_stream_${Date.now()}`;
  const databaseUrl = await createBenchDatabase(name);
  const api = await startServer({ databaseUrl, role: 'api', port: 3931, prefix: name });
  const worker = await startServer({ databaseUrl, role: 'worker', port: 3932, prefix: name });
  const db = new Client({ connectionString: databaseUrl });
  const streams: Stream[] = [];
  try {
    await db.connect();
    const [owner, ...authors] = await signUpMany(api.baseUrl, 'author', 5);
    const voters = await signUpMany(api.baseUrl, 'voter', clients * 4);
    const contests: { contestId: string; entries: string[] }[] = [];
    for (let c = 0; c < contestCount; c += 1)
      contests.push(await createContestWithEntries(api.baseUrl, owner, authors));
    await untilTheViewHolds(
      api,
      contests.map((c) => c.contestId),
    );

    await settle();
    const rssBefore = rssMb(api.pid);
    const connectStarted = performance.now();
    const probes = new Map<string, StreamProbe>();
    for (let i = 0; i < subscriberCount; i += 100) {
      const batch = Array.from({ length: Math.min(100, subscriberCount - i) }, (_, j) => {
        const { contestId } = contests[(i + j) % contests.length];
        const probe = probes.has(contestId) ? undefined : new StreamProbe();
        if (probe) probes.set(contestId, probe);
        return subscribe(api, contestId, probe);
      });
      streams.push(...(await Promise.all(batch)));
    }
    const connectMs = performance.now() - connectStarted;
    await settle();
    const rssConnected = rssMb(api.pid);
    const eventsAtConnect = sum(streams.map((s) => s.events));

    const voted = contests.slice(0, votedCount);
    const countsAtConnect = streams.map((s) => s.events);
    const cpuBefore = cpuSeconds(api.pid);
    const loadStarted = performance.now();
    const load = await voteSteadily(
      api,
      db,
      voters,
      voted,
      { rate, seconds, clients },
      (contestId, position, repliedAt) => probes.get(contestId)?.expect(position, repliedAt),
    );
    const apiCpuSeconds = cpuSeconds(api.pid) - cpuBefore;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the last changes reach the streams
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const received = streams.map((s, i) => s.events - countsAtConnect[i]);
    const votedIds = new Set(voted.map((c) => c.contestId));
    const ofVoted = streams.flatMap((s, i) => (votedIds.has(s.contestId) ? [received[i]] : []));
    const stillOpen = streams.filter((s) => !s.request.destroyed).length;

    report('standings-stream', {
      subscribers: {
        target: subscriberCount,
        connected: eventsAtConnect,
        stillOpenAfterLoad: stillOpen,
        contests: contestCount,
        connectMs: Math.round(connectMs),
      },
      apiRssMb: {
        before: rssBefore,
        afterConnect: rssConnected,
        perSubscriberKb: Math.round(((rssConnected - rssBefore) * 1024) / subscriberCount),
        afterLoad: rssMb(api.pid),
      },
      load: {
        targetRate: rate,
        votedContests: votedCount,
        sentPerSecond: load.sentPerSecond,
        // Accepted votes over the time from the first send to the last reply: below the rate
        // sent when the API fell behind (replies late, freshness alone would not show it).
        processedPerSecond: load.processedPerSecond,
        replyMs: percentiles(load.replyMs),
        statuses: load.statuses,
      },
      measured: load.freshness.length,
      freshnessMs: percentiles(load.freshness),
      projectorsKeptUp: load.keptUp,
      events: {
        atConnect: eventsAtConnect,
        duringLoad: sum(received),
        perWatcherOfAVotedContestPerSecond: round(sum(ofVoted) / ofVoted.length / loadSeconds),
        toWatchersOfOtherContests: sum(received) - sum(ofVoted),
      },
      // From a vote's reply to its contest's probe stream carrying a page at or after it.
      streamLatencyMs: percentiles([...probes.values()].flatMap((p) => p.latencies)),
      apiCpuSecondsDuringLoad: round(apiCpuSeconds),
      goal: {
        freshnessP99Ms: 250,
        atRatePerSecond: 1000,
        met: percentiles(load.freshness).p99 <= 250,
      },
    });
  } finally {
    for (const stream of streams) stream.request.destroy();
    await db.end().catch(() => undefined);
    await worker.stop();
    await api.stop();
    await dropBenchDatabase(name);
  }
}

/** Streams answer 404 until the standings view holds their contest. */
async function untilTheViewHolds(api: BenchServer, contestIds: string[]): Promise<void> {
  for (const contestId of contestIds) {
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${api.baseUrl}/contests/${contestId}/standings`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`the standings view never held ${contestId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Lets the API's heap and sockets settle before its RSS is read. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

/**
 * An idle subscriber: a raw GET on a socket of its own, counting the events it reads and
 * discarding them; resolves once the first one (sent at once) has come. A probe hears each id.
 */
function subscribe(api: BenchServer, contestId: string, probe?: StreamProbe): Promise<Stream> {
  const url = new URL(api.baseUrl);
  return new Promise((resolve, reject) => {
    const stream: Stream = {
      contestId,
      events: 0,
      request: request(
        {
          host: url.hostname,
          port: url.port,
          path: `/contests/${contestId}/standings/stream`,
          agent: false,
        },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`stream: ${res.statusCode}`));
          let partial = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            const before = stream.events;
            const blocks = (partial + chunk).split('\n\n');
            partial = blocks.pop()!;
            for (const block of blocks) {
              if (!block.startsWith('id: ')) continue; // a heartbeat
              stream.events += 1;
              probe?.carried(Number(block.slice(4, block.indexOf('\n'))));
            }
            if (before === 0 && stream.events > 0) resolve(stream);
          });
        },
      ),
    };
    stream.request.on('error', reject);
    stream.request.end();
  });
}

/** One stream per contest whose event ids are read: when did it carry each vote? */
class StreamProbe {
  readonly latencies: number[] = [];
  private pending: { position: number; repliedAt: number }[] = [];

  expect(position: number, repliedAt: number): void {
    this.pending.push({ position, repliedAt });
  }

  /** The stream carried a page with this id: every vote at or before it is shown. */
  carried(id: number): void {
    const now = performance.now();
    this.pending = this.pending.filter(({ position, repliedAt }) => {
      if (position > id) return true;
      this.latencies.push(now - repliedAt);
      return false;
    });
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
