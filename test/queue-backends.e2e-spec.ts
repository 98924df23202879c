import { TEST_REDIS_URL, http, inSeconds, signUp } from '@contest/testing';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { ProjectionProcessor } from '../src/projections/runtime/projection.processor';
import { startTestApp, startWorkerBeside, TestApp } from '@contest/testing/app';
import { redisAnswers } from '@contest/testing/redis';

/**
 * The same queue behaviour on both of BullMQ's backends: Postgres (REDIS_URL unset) always,
 * Redis (REDIS_URL set, as before issue 9) when a Redis answers at TEST_REDIS_URL.
 *
 * PROJECTION_POLL_MS is five seconds, so what happens within one is the queues' doing: the
 * doorbell's jobs, the finalization's delayed job. (The poll itself only rings the doorbell
 * again while the queue answers: it covers rows a job could not read yet because a
 * transaction elsewhere in the cluster held the log's gap-safe horizon back.)
 */

const BACKENDS: { title: string; backend: 'postgres' | 'redis'; env: Record<string, string> }[] = [
  { title: 'queues on Postgres (REDIS_URL unset)', backend: 'postgres', env: { REDIS_URL: '' } },
  ...(redisAnswers()
    ? [
        {
          title: 'queues on Redis (REDIS_URL set)',
          backend: 'redis' as const,
          env: { REDIS_URL: TEST_REDIS_URL },
        },
      ]
    : []),
];

const ADMIN_PASSWORD = 'queue-admin-password';

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

describe.each(BACKENDS)('$title', ({ backend, env }) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({
      ...env,
      PROJECTION_POLL_MS: '5000',
      ADMIN_USERNAME: 'queue_admin',
      ADMIN_PASSWORD,
    });
    admin = (
      await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'queue_admin', password: ADMIN_PASSWORD },
      })
    ).body.token;
  });
  afterAll(() => t?.close());

  it('starts with the queues on the backend the configuration names', () => {
    const line = t.logLines.find((l) => l.includes('job queues on'));
    expect(line).toContain(
      backend === 'postgres' ? 'job queues on PostgreSQL' : 'job queues on Redis',
    );
  });

  it('projections catch up after commands through the doorbell', async () => {
    const owner = await signUp(t.baseUrl, `${backend}_bell_owner`);
    const since = Date.now();
    const latencies: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const created = await http(t.baseUrl, 'POST', '/contests', {
        token: owner.token,
        body: {
          title: `Doorbell ${i}`,
          category: 'juggling',
          submissionsCloseAt: inSeconds(3600),
          votingClosesAt: inSeconds(7200),
        },
      });
      expect(created.status).toBe(201);
      const position = Number(created.headers.get('x-log-position'));
      const repliedAt = Date.now();
      await until('the contest-detail view', async () => {
        const read = await http(
          t.baseUrl,
          'GET',
          `/contests/${created.body.contestId}?minPosition=${position}&waitMs=5000`,
        );
        return read.status === 200 ? true : undefined;
      });
      latencies.push(Date.now() - repliedAt);
    }
    latencies.sort((a, b) => a - b);
    // Printed for the record: command reply to the view having applied it (through the bell).
    console.log(
      `${backend}: reply to contest-detail view, p50 ${percentile(latencies, 50)} ms, p90 ${percentile(latencies, 90)} ms, max ${latencies[latencies.length - 1]} ms`,
    );
    // Well inside one poll interval: the doorbell's jobs did it, and the worker ran them.
    expect(percentile(latencies, 50)).toBeLessThan(1_000);
    expect(t.app.get(ProjectionProcessor).answeredSince(since)).toBe(true);
    expect(t.logLines.filter((l) => l.includes('projection queue unavailable'))).toEqual([]);
  });

  it('a finalization job due in a second finalizes its contest', async () => {
    const owner = await signUp(t.baseUrl, `${backend}_fin_owner`);
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Due in a second',
        category: 'juggling',
        submissionsCloseAt: inSeconds(0.5),
        votingClosesAt: inSeconds(1),
      },
    });
    expect(created.status).toBe(201);
    const contestId: string = created.body.contestId;
    const finalized = await until('the finalization', async () => {
      const rows: { causation: string }[] = await t.dataSource.query(
        `SELECT metadata->>'causationId' AS causation FROM command_log
         WHERE type = 'FinalizeContest' AND stream_key = $1 AND status = 'accepted'`,
        [`contest:${contestId}`],
      );
      return rows.length ? rows : undefined;
    });
    // The delayed job did it, not the sweep that covers for lost jobs.
    expect(finalized).toEqual([{ causation: `job:finalize-${contestId}` }]);
  });

  it('a rebuild job completes', async () => {
    const started = await http(t.baseUrl, 'POST', '/admin/projections/contest-list/rebuild', {
      token: admin,
    });
    expect(started.status).toBe(202);
    const version = await until('the rebuild', async () => {
      const list = await http(t.baseUrl, 'GET', '/admin/projections', { token: admin });
      const view = list.body.find((p: { name: string }) => p.name === 'contest-list');
      return view.version >= 2 && view.status === 'running' ? view.version : undefined;
    });
    expect(version).toBe(2);
  });

  it('a replay job completes', async () => {
    const [{ stream_key }] = await t.dataSource.query(
      `SELECT stream_key FROM command_log WHERE type = 'FinalizeContest' AND status = 'accepted' LIMIT 1`,
    );
    const contestId = String(stream_key).replace(/^contest:/, '');
    const queued = await http(t.baseUrl, 'POST', '/admin/replays', {
      token: admin,
      body: { contestId },
    });
    expect(queued.status).toBe(202);
    const state = await until('the replay', async () => {
      const reply = await http(t.baseUrl, 'GET', `/admin/replays/${queued.body.replayId}`, {
        token: admin,
      });
      return ['done', 'failed'].includes(reply.body.status) ? reply.body : undefined;
    });
    expect(state.status).toBe('done');
  });

  it('a worker-role process beside the API consumes the same queues', async () => {
    let worker: { app: NestFastifyApplication } | undefined;
    try {
      worker = await startWorkerBeside(t);
      const started = await http(t.baseUrl, 'POST', '/admin/projections/entry-comments/rebuild', {
        token: admin,
      });
      expect(started.status).toBe(202);
      await until('the rebuild', async () => {
        const list = await http(t.baseUrl, 'GET', '/admin/projections', { token: admin });
        const view = list.body.find((p: { name: string }) => p.name === 'entry-comments');
        return view.version >= 2 && view.status === 'running' ? true : undefined;
      });
    } finally {
      await worker?.app.close();
    }
  });

  it('the queue board lists every queue with its job counts', async () => {
    const reply = await fetch(`${t.baseUrl}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(reply.status).toBe(200);
    const { queues } = (await reply.json()) as {
      queues: { name: string; counts: Record<string, number> }[];
    };
    expect(queues.map((q) => q.name).sort()).toEqual(
      ['contest-finalization', 'projection-rebuilds', 'projections', 'replays'].sort(),
    );
    for (const queue of queues)
      expect(queue.counts).toEqual(expect.objectContaining({ failed: 0 }));
    const page = await fetch(`${t.baseUrl}/admin/queues`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(page.status).toBe(200);
  });

  it("GET /admin/queue-depths counts each queue's jobs by state, as the board does", async () => {
    const finalization = t.app.get<Queue>(getQueueToken('contest-finalization'), {
      strict: false,
    });
    const probe = await finalization.add('depth-probe', {}, { delay: 3_600_000 });
    try {
      const depths = await http(t.baseUrl, 'GET', '/admin/queue-depths', { token: admin });
      expect(depths.status).toBe(200);
      expect(depths.body).toMatchObject({ backend, board: '/admin/queues' });
      const byName = new Map(
        depths.body.queues.map((q: { queue: string }) => [q.queue, q] as const),
      );
      expect([...byName.keys()].sort()).toEqual(
        ['contest-finalization', 'projection-rebuilds', 'projections', 'replays'].sort(),
      );
      const board = await fetch(`${t.baseUrl}/admin/queues/api/queues`, {
        headers: { authorization: `Bearer ${admin}` },
      }).then(
        (r) => r.json() as Promise<{ queues: { name: string; counts: { delayed: number } }[] }>,
      );
      const boardDelayed = board.queues.find((q) => q.name === 'contest-finalization')!.counts;
      expect(byName.get('contest-finalization')).toMatchObject({
        reachable: true,
        delayed: boardDelayed.delayed,
        failed: 0,
      });
      expect(boardDelayed.delayed).toBeGreaterThanOrEqual(1);
      const refused = await http(t.baseUrl, 'GET', '/admin/queue-depths');
      expect([refused.status, refused.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    } finally {
      await probe.remove();
    }
  });
});
