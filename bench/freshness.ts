import { Agent, request } from 'node:http';
import { Client } from 'pg';
import { report } from './lib/report';
import { createBenchDatabase, dropBenchDatabase, startServer } from './lib/server';
import { createContestWithEntries, signUpMany } from './lib/setup';

/**
 * P2 (docs/BENCHMARKS.md): how long after a command's commit the standings view shows it, at a
 * steady BENCH_RATE (default 2,000, the rate the p99 goal is set at) CastVote commands per
 * second, with the API and the worker in processes of their own as deployed. A command's commit
 * is taken as its reply's arrival (the reply is sent after the commit); it is shown once the
 * standings checkpoint has passed its position in the log's reading order, which this process
 * polls every few milliseconds. Also: whether the projectors kept up (the lag left when the load
 * stops, and how long it took to drain).
 */
const POLL_MS = 5;

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
    const { entries } = await createContestWithEntries(api.baseUrl, owner, authors);

    const committedAt = new Map<number, number>(); // position -> reply arrival (ms, monotonic)
    const freshness: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling || committedAt.size > 0) {
        if (committedAt.size > 0) {
          const pending = [...committedAt.keys()];
          const { rows } = await db.query(
            `SELECT c.position FROM command_log c, projection_checkpoints p
             WHERE p.projection = 'standings' AND c.position = ANY($1::bigint[])
               AND (c.tx_id, c.position) <= (p.last_tx_id, p.last_position)`,
            [pending],
          );
          const now = performance.now();
          for (const { position } of rows as { position: string }[]) {
            const at = committedAt.get(Number(position));
            if (at === undefined) continue;
            freshness.push(now - at);
            committedAt.delete(Number(position));
          }
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    })();

    const url = new URL(api.baseUrl);
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const vote = (voter: number, value: number, entry: string) =>
      new Promise<{ status: number; position: number }>((resolve) => {
        const body = JSON.stringify({ value });
        const r = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: `/entries/${entry}/vote`,
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${voters[voter].token}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                position: Number(res.headers['x-log-position'] ?? 0),
              }),
            );
          },
        );
        r.on('error', () => resolve({ status: 0, position: 0 }));
        r.end(body);
      });

    // Open loop: each client sends at its share of the rate, whether or not replies are late.
    const statuses: Record<number, number> = {};
    const interval = (clients * 1000) / rate;
    const endAt = Date.now() + seconds * 1000;
    const started = performance.now();
    let lastSentAt = started;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        let nextAt = Date.now() + Math.random() * interval;
        const inFlight: Promise<void>[] = [];
        for (let i = 0; Date.now() < endAt; i += 1) {
          const wait = nextAt - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          nextAt += interval;
          lastSentAt = performance.now();
          // Four voters per client, each flipping its vote on its own entry: all accepted.
          const voter = c * 4 + (i % 4);
          const sent = vote(voter, i % 8 < 4 ? 1 : -1, entries[voter % entries.length]).then(
            ({ status, position }) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status === 200 && position > 0) committedAt.set(position, performance.now());
            },
          );
          inFlight.push(sent);
        }
        await Promise.all(inFlight);
      }),
    );
    const sendSeconds = (lastSentAt - started) / 1000;
    const stoppedAt = performance.now();
    const leftWhenStopped = committedAt.size;
    polling = false;
    await poller;
    const drainMs = performance.now() - stoppedAt;
    agent.destroy();

    freshness.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(freshness[Math.min(freshness.length - 1, Math.floor(q * freshness.length))] * 10) /
      10;
    const accepted = statuses[200] ?? 0;
    report('freshness', {
      targetRate: rate,
      // Commands sent per second over the sending window; every one of them accepted.
      sentPerSecond: Math.round(accepted / sendSeconds),
      statuses,
      measured: freshness.length,
      freshnessMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) },
      projectorsKeptUp: {
        notYetShownWhenLoadStopped: leftWhenStopped,
        drainMs: Math.round(drainMs),
      },
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
