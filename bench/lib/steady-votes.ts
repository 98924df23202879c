import { Agent, request } from 'node:http';
import { Client } from 'pg';
import { BenchServer } from './server';
import { Voter } from './setup';

const POLL_MS = 5;

/**
 * The freshness measurement (P2): votes at a steady rate (open loop: each client sends at its
 * share of the rate, whether or not replies are late), four voters per client, each flipping
 * its vote on one entry, so all are accepted; a vote is fresh once the standings checkpoint
 * has passed its position in the log's reading order, polled every few milliseconds. Replies
 * are timed too: freshness counts from the reply, so a server that keeps replies waiting would
 * look fresh without them.
 */
export async function voteSteadily(
  api: BenchServer,
  db: Client,
  voters: Voter[],
  voted: readonly { contestId: string; entries: string[] }[],
  { rate, seconds, clients }: { rate: number; seconds: number; clients: number },
  onAccepted?: (contestId: string, position: number, repliedAt: number) => void,
) {
  const ballots = voted.flatMap(({ contestId, entries }) =>
    entries.map((entryId) => ({ contestId, entryId })),
  );
  const committedAt = new Map<number, number>();
  const freshness: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling || committedAt.size > 0) {
      if (committedAt.size > 0) {
        const { rows } = await db.query(
          `SELECT c.position FROM command_log c, projection_checkpoints p
           WHERE p.projection = 'standings' AND c.position = ANY($1::bigint[])
             AND (c.tx_id, c.position) <= (p.last_tx_id, p.last_position)`,
          [[...committedAt.keys()]],
        );
        const now = performance.now();
        for (const { position } of rows as { position: string }[]) {
          freshness.push(now - committedAt.get(Number(position))!);
          committedAt.delete(Number(position));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();

  const url = new URL(api.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const vote = (voter: Voter, value: number, entryId: string) =>
    new Promise<{ status: number; position: number }>((resolve) => {
      const body = JSON.stringify({ value });
      const r = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/entries/${entryId}/vote`,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${voter.token}`,
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

  const statuses: Record<number, number> = {};
  const replyMs: number[] = [];
  let lastReplyAt = 0;
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
        const voter = c * 4 + (i % 4);
        const ballot = ballots[voter % ballots.length];
        const sentAt = performance.now();
        const sent = vote(voters[voter], i % 8 < 4 ? 1 : -1, ballot.entryId).then(
          ({ status, position }) => {
            lastReplyAt = performance.now();
            replyMs.push(lastReplyAt - sentAt);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status !== 200 || position <= 0) return;
            const now = performance.now();
            committedAt.set(position, now);
            onAccepted?.(ballot.contestId, position, now);
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
  agent.destroy();
  return {
    sentPerSecond: Math.round((statuses[200] ?? 0) / sendSeconds),
    processedPerSecond: Math.round((statuses[200] ?? 0) / ((lastReplyAt - started) / 1000)),
    replyMs,
    statuses,
    freshness,
    keptUp: {
      notYetShownWhenLoadStopped: leftWhenStopped,
      drainMs: Math.round(performance.now() - stoppedAt),
    },
  };
}

/** p50, p95, p99 and max, to a tenth. */
export function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0
      ? 0
      : round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

const round = (n: number) => Math.round(n * 10) / 10;
