import { availableParallelism } from 'node:os';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '../src/platform/database/run-migrations';
import { runLoad } from './lib/load';
import { report } from './lib/report';
import {
  benchDatabaseUrl,
  coresBusy,
  createBenchDatabase,
  dropBenchDatabase,
  machineTicks,
  startServer,
} from './lib/server';

/**
 * bench:audit: a command log of BENCH_ROWS (default 5,000,000) rows, 10% of them refused,
 * spread over 60 days; p50/p95/p99 of filtered first pages of GET /audit/commands and of the
 * rejection summary over a month, as an analyst would call them.
 */
const ROWS_PER_TRANSACTION = 25;

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 5_000_000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  // BENCH_DB names a database an earlier run kept (BENCH_KEEP_DB=true): its log is measured
  // again without writing it anew.
  const reused = process.env.BENCH_DB;
  const name = reused ?? `bench_audit_${Date.now()}`;
  const databaseUrl = reused ? benchDatabaseUrl(reused) : await createBenchDatabase(name);
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const writeMs = reused ? null : await writeLog(client, databaseUrl, rows);

    const server = await startServer({ databaseUrl, role: 'api', port: 3919, prefix: name });
    let worker: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      // The bench's rows carry no events, so every other view has nothing to build from them:
      // their checkpoints move to the head, and the worker's time goes to audit-hours alone.
      await client.query(
        `UPDATE projection_checkpoints SET (last_tx_id, last_position) =
           (SELECT tx_id, position FROM command_log ORDER BY tx_id DESC, position DESC LIMIT 1)
         WHERE projection <> 'audit-hours'`,
      );
      const catchUpStarted = Date.now();
      worker = await startServer({ databaseUrl, role: 'worker', port: 3920, prefix: name });
      await waitForAuditHours(client);
      const catchUpMs = Date.now() - catchUpStarted;
      await fetch(`${server.baseUrl}/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: 'bench_analyst',
          email: 'a@bench.invalid',
          password: 'bench-password-123',
        }),
      });
      await client.query(
        `UPDATE users SET roles = ARRAY['user','analyst'] WHERE username = 'bench_analyst'`,
      );
      const login = await fetch(`${server.baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench_analyst', password: 'bench-password-123' }),
      }).then((r) => r.json() as Promise<{ token: string }>);
      const headers = { authorization: `Bearer ${login.token}` };
      const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
      const twoWeeksAgo = new Date(Date.now() - 14 * 86_400_000).toISOString();
      const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
      const filters = [
        'status=rejected',
        'status=rejected&code=SELF_VOTE_FORBIDDEN',
        'type=CastVote&status=rejected&code=VOTING_CLOSED',
        `actorId=01a00000-0000-7000-9000-000000000007&from=${week}`,
        `type=LogIn&code=INVALID_CREDENTIALS&from=${monthAgo}`, // matches nothing
        `status=rejected&from=${monthAgo}&to=${twoWeeksAgo}`,
        `type=SubmitEntry&from=${dayAgo}`,
      ];
      const cores = availableParallelism();
      let t = machineTicks();
      const pages = await runLoad(server.baseUrl, 8, seconds, (c, i) => ({
        method: 'GET',
        path: `/audit/commands?limit=50&${filters[(c + i) % filters.length]}`,
        headers,
      }));
      const pagesBusy = coresBusy(t, (t = machineTicks()), cores);
      // Each filter alone, one client: which of them the p95 above comes from.
      const byFilter: Record<string, { p50Ms: number; p95Ms: number }> = {};
      for (const filter of filters) {
        const alone = await runLoad(server.baseUrl, 1, Math.max(1, seconds / 5), () => ({
          method: 'GET',
          path: `/audit/commands?limit=50&${filter}`,
          headers,
        }));
        byFilter[filter] = { p50Ms: alone.p50Ms, p95Ms: alone.p95Ms };
      }
      const summary = await runLoad(server.baseUrl, 2, seconds, () => ({
        method: 'GET',
        path: `/audit/rejections/summary?from=${monthAgo}&bucket=day&groupBy=type,code`,
        headers,
      }));
      report('audit', {
        rows: Number((await client.query(`SELECT count(*) AS n FROM command_log`)).rows[0].n),
        rejectedShare: 0.1,
        bulkWriteMs: writeMs,
        auditHoursCatchUp: { ms: catchUpMs, rowsPerSecond: Math.round(rows / (catchUpMs / 1000)) },
        firstPage: {
          filters,
          perSecond: pages.perSecond,
          p50Ms: pages.p50Ms,
          p95Ms: pages.p95Ms,
          p99Ms: pages.p99Ms,
          statuses: pages.statuses,
          machineCoresBusy: pagesBusy,
          byFilterOneClient: byFilter,
        },
        summaryOverAMonth: {
          perSecond: summary.perSecond,
          p50Ms: summary.p50Ms,
          p95Ms: summary.p95Ms,
          p99Ms: summary.p99Ms,
          statuses: summary.statuses,
        },
        targets: { firstPageP95Ms: 50 },
      });
    } finally {
      await worker?.stop();
      await server.stop();
    }
  } finally {
    await client.end().catch(() => undefined);
    // BENCH_KEEP_DB=true keeps the database to study its plans.
    if (process.env.BENCH_KEEP_DB !== 'true' && !reused) await dropBenchDatabase(name);
    else process.stdout.write(`kept database ${name}\n`);
  }
}

/** A log of `rows` commands, 10% of them refused, spread over 60 days; returns the time taken. */
async function writeLog(client: Client, databaseUrl: string, rows: number): Promise<number> {
  const migrator = await createDataSource(databaseUrl, 2).initialize();
  await runMigrations(migrator);
  await migrator.destroy();
  const started = Date.now();
  const types = `(ARRAY['CastVote','RecordView','AddComment','LogIn','SubmitEntry','RetractVote'])[1 + (i % 6)]`;
  const codes = `(ARRAY['VOTING_CLOSED','ALREADY_VOTED','SELF_VOTE_FORBIDDEN','INVALID_CREDENTIALS','VALIDATION_FAILED'])[1 + (i / 10 % 5)]`;
  // Commands land a few per transaction, as the group commit writes them: the log's
  // reading order (tx_id, position) then matches a live system's, and so do the plans.
  await client.query(`SET synchronous_commit = off`);
  await client.query(`
      DO $$
      DECLARE
        total constant int := ${rows};
        per_tx constant int := ${ROWS_PER_TRANSACTION};
      BEGIN
        FOR lo IN 1..total BY per_tx LOOP
          INSERT INTO command_log (command_id, type, actor_id, stream_key, payload, metadata, received_at,
                                   status, rejection_code, rejection_detail, http_status, events)
          SELECT gen_random_uuid(), ${types}, ('01a00000-0000-7000-9000-' || lpad(to_hex(i % 50000), 12, '0')),
                 'contest:' || (i % 100), jsonb_build_object('entryId', i % 5000, 'value', 1),
                 jsonb_build_object('clientAddress', '10.0.' || (i % 200) || '.1', 'stage', 'decider'),
                 now() - interval '60 days' + (i::float / total) * interval '60 days',
                 CASE WHEN i % 10 = 0 THEN 'rejected' ELSE 'accepted' END,
                 CASE WHEN i % 10 = 0 THEN ${codes} END, CASE WHEN i % 10 = 0 THEN 'refused' END,
                 CASE WHEN i % 10 = 0 THEN 422 ELSE 200 END, '[]'::jsonb
          FROM generate_series(lo, LEAST(lo + per_tx - 1, total)) AS i;
          COMMIT;
        END LOOP;
      END $$`);
  await client.query(`VACUUM ANALYZE command_log`);
  return Date.now() - started;
}

/** Until the audit-hours view has read the whole log. */
async function waitForAuditHours(client: Client): Promise<void> {
  for (;;) {
    const [{ behind }] = (
      await client.query(
        `SELECT EXISTS (SELECT 1 FROM command_log l, projection_checkpoints c
                         WHERE c.projection = 'audit-hours' AND (l.tx_id, l.position) > (c.last_tx_id, c.last_position))
                AS behind`,
      )
    ).rows;
    if (!behind) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
