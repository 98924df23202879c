import { Client } from 'pg';
import {
  AppProcess,
  createTestDatabase,
  deleteRedisPrefix,
  http,
  HttpReply,
  inSeconds,
  signUp,
  SignedInUser,
  startAppProcess,
  TEST_REDIS_URL,
  TestDatabase,
  testQueuePrefix,
} from '@contest/testing';
import { redisAnswers } from '@contest/testing/redis';

jest.setTimeout(240_000);

/**
 * docs/scaling.md's topology in miniature: two API processes and two workers, each a process
 * of its own, on one database (and one Redis prefix where Redis answers).
 */
describe('scale-out: 2 API processes and 2 workers on one database', () => {
  let db: TestDatabase;
  let sql: Client;
  const prefix = testQueuePrefix();
  const redisUrl = redisAnswers() ? TEST_REDIS_URL : '';
  let apis: AppProcess[] = [];
  const workers: AppProcess[] = [];
  let owner: SignedInUser;
  let authors: SignedInUser[];
  let voters: SignedInUser[];

  const start = (role: 'api' | 'worker') =>
    startAppProcess({
      APP_ROLE: role,
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      PROJECTION_POLL_MS: '300',
      PROJECTION_LEASE_TICK_MS: '200',
      RATE_LIMIT_PER_MINUTE: '0',
      DB_POOL_SIZE: '8',
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    // The first process migrates; the others then start together.
    apis = [await start('api')];
    [apis[1], workers[0], workers[1]] = await Promise.all([
      start('api'),
      start('worker'),
      start('worker'),
    ]);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    owner = await signUp(apis[0].baseUrl, 'scale_owner');
    authors = [
      await signUp(apis[0].baseUrl, 'scale_author_a'),
      await signUp(apis[1].baseUrl, 'scale_author_b'),
    ];
    voters = [];
    for (let i = 0; i < 6; i += 1)
      voters.push(await signUp(apis[i % 2].baseUrl, `scale_voter_${i}`));
  });
  afterAll(async () => {
    for (const p of [...apis, ...workers]) p.child.kill('SIGKILL');
    await Promise.all([...apis, ...workers].map((p) => p.exited));
    await sql?.end();
    if (redisUrl) await deleteRedisPrefix(prefix, redisUrl);
    await db?.drop();
  });

  const api = (i: number) => apis[i % apis.length].baseUrl;

  /**
   * A view read at a log position, retried while the view is behind. The gap-safe horizon is
   * cluster-wide, so a long transaction of a test file running beside this one (a bulk write)
   * can hold every view back for longer than one read's 5 s wait; that is a delay, not a
   * failure. The reply that ends the wait, whatever it is, is what the test checks.
   */
  async function readAt(baseUrl: string, path: string, position: number | string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const separator = path.includes('?') ? '&' : '?';
      const reply = await http(
        baseUrl,
        'GET',
        `${path}${separator}minPosition=${position}&waitMs=5000`,
      );
      if (reply.body?.code !== 'PROJECTION_BEHIND' || Date.now() > deadline) return reply;
    }
  }

  async function contestWithEntries(closesInSeconds = 3600) {
    const created = await http(api(0), 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Scaled stunts',
        category: 'bikes',
        submissionsCloseAt: inSeconds(Math.min(closesInSeconds, 3600) - 1),
        votingClosesAt: inSeconds(closesInSeconds),
      },
    });
    expect(created.status).toBe(201);
    const entryIds: string[] = [];
    for (const [i, author] of authors.entries()) {
      const entry = await http(api(i), 'POST', `/contests/${created.body.contestId}/entries`, {
        token: author.token,
        body: { title: `Stunt ${i}`, videoUrl: `https://videos.example/${i}.mp4` },
      });
      expect(entry.status).toBe(201);
      entryIds.push(entry.body.entryId);
    }
    return { contestId: created.body.contestId as string, entryIds };
  }

  it('decides conflicting commands sent to both APIs at once exactly once', async () => {
    const { entryIds } = await contestWithEntries();
    for (const voter of voters) {
      const both = await Promise.all(
        [0, 1].map((i) =>
          http(api(i), 'POST', `/entries/${entryIds[0]}/vote`, {
            token: voter.token,
            body: { value: 1 },
          }),
        ),
      );
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.status === 409)?.body.code).toBe('ALREADY_VOTED');
    }
  });

  it('answers a duplicate Idempotency-Key sent to the other API at the same moment with the identical reply', async () => {
    const { entryIds } = await contestWithEntries();
    const comparable = (reply: HttpReply) => ({
      status: reply.status,
      body: reply.body,
      commandId: reply.headers.get('x-command-id'),
      position: reply.headers.get('x-log-position'),
      contentType: reply.headers.get('content-type'),
    });
    for (let i = 0; i < 20; i += 1) {
      const voter = voters[i % voters.length];
      const key = `comment-${i}-${Date.now()}`;
      const [first, second] = await Promise.all(
        [0, 1].map((api_) =>
          http(api(api_), 'POST', `/entries/${entryIds[i % 2]}/comments`, {
            token: voter.token,
            body: { body: `Clean landing #${i}` },
            headers: { 'idempotency-key': key },
          }),
        ),
      );
      expect(first.status).toBe(201);
      expect(first.body.commentId).toEqual(expect.any(String));
      expect(comparable(second)).toEqual(comparable(first));
    }
  });

  it('keeps every view equal to the log after mixed writes through both APIs', async () => {
    const { contestId, entryIds } = await contestWithEntries();
    const writes = voters.flatMap((voter, v) =>
      entryIds.flatMap((entryId, e) => [
        http(api(v + e), 'POST', `/entries/${entryId}/vote`, {
          token: voter.token,
          body: { value: (v + e) % 3 === 0 ? -1 : 1 },
        }),
        http(api(v + e + 1), 'POST', `/entries/${entryId}/views`, {
          token: voter.token,
          body: { watchedSeconds: 10 + v },
        }),
        http(api(v), 'POST', `/entries/${entryId}/comments`, {
          token: voter.token,
          body: { body: `Comment ${v}/${e}` },
        }),
      ]),
    );
    const replies = await Promise.all(writes);
    for (const reply of replies) expect(reply.status).toBeLessThan(300);
    const head = Math.max(...replies.map((r) => Number(r.headers.get('x-log-position'))));

    const standings = await readAt(api(1), `/contests/${contestId}/standings`, head);
    expect({ status: standings.status, body: standings.body }).toMatchObject({ status: 200 });
    for (const entryId of entryIds) {
      const [fromLog] = (
        await sql.query(
          `SELECT
             (SELECT count(*)::int FROM votes WHERE entry_id = $1 AND value = 1) AS upvotes,
             (SELECT count(*)::int FROM votes WHERE entry_id = $1 AND value = -1) AS downvotes,
             (SELECT count(*)::int FROM comments WHERE entry_id = $1 AND NOT deleted) AS comments,
             (SELECT count(*)::int FROM command_log
               WHERE type = 'RecordView' AND status = 'accepted' AND payload->>'entryId' = $1::text) AS views`,
          [entryId],
        )
      ).rows;
      const item = standings.body.items.find((i: { entryId: string }) => i.entryId === entryId);
      expect(item).toMatchObject(fromLog);
      const detail = await readAt(api(0), `/entries/${entryId}`, head);
      expect(detail.body).toMatchObject(fromLog);
    }
  });

  it('finalizes exactly once while votes race the close through both APIs, and the final standings never change', async () => {
    const { contestId, entryIds } = await contestWithEntries(4);
    // Votes through both APIs until well past the close: some in time, some refused.
    const racing: Promise<HttpReply>[] = [];
    const until = Date.now() + 6_000;
    for (let i = 0; Date.now() < until; i += 1) {
      const voter = voters[i % voters.length];
      racing.push(
        http(api(i), 'POST', `/entries/${entryIds[i % 2]}/vote`, {
          token: voter.token,
          body: { value: i % 4 === 0 ? -1 : 1 },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const raced = (await Promise.all(racing)).map((reply) => reply.status);
    // The race did straddle the close: votes in time, and votes refused after it.
    expect(raced).toContain(200);
    expect(raced.some((status) => status >= 400)).toBe(true);
    let finalized: { position: string }[] = [];
    for (const deadline = Date.now() + 20_000; finalized.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finalized = (
        await sql.query(
          `SELECT position FROM command_log
           WHERE type = 'FinalizeContest' AND status = 'accepted' AND stream_key = $1`,
          [`contest:${contestId}`],
        )
      ).rows;
    }
    expect(finalized).toHaveLength(1);
    // Nothing on the contest was accepted after the finalization, whatever its receivedAt.
    const after = (
      await sql.query(
        `SELECT type FROM command_log
         WHERE stream_key = $1 AND status = 'accepted' AND position > $2`,
        [`contest:${contestId}`, finalized[0].position],
      )
    ).rows;
    expect(after).toEqual([]);

    const final = await readAt(api(0), `/contests/${contestId}/standings`, finalized[0].position);
    expect(final.body.final).toBe(true);
    // Late votes through both APIs change nothing.
    for (const [i, voter] of voters.entries()) {
      const late = await http(api(i), 'POST', `/entries/${entryIds[0]}/vote`, {
        token: voter.token,
        body: { value: -1 },
      });
      expect(late.status).toBeGreaterThanOrEqual(400);
    }
    const again = await http(api(1), 'GET', `/contests/${contestId}/standings`);
    expect(again.body.items).toEqual(final.body.items);
  });

  it('goes on after kill -9 of one API and one worker: the survivors take commands and the projections over', async () => {
    const { entryIds } = await contestWithEntries();
    apis[0].child.kill('SIGKILL');
    workers[0].child.kill('SIGKILL');
    await Promise.all([apis[0].exited, workers[0].exited]);
    apis = [apis[1]];

    const vote = await http(api(0), 'POST', `/entries/${entryIds[1]}/vote`, {
      token: voters[0].token,
      body: { value: 1 },
    });
    expect(vote.status).toBe(200);
    const position = vote.headers.get('x-log-position');
    // Every projection reaches the vote: the surviving worker took the dead one's leases.
    const waitedFrom = Date.now();
    const detail = await readAt(api(0), `/entries/${entryIds[1]}`, position!);
    console.log(`the projections passed the vote ${Date.now() - waitedFrom} ms after kill -9`);
    if (detail.status !== 200) {
      // What the surviving worker said is what explains a projection that did not move.
      console.log(`the surviving worker's last lines:\n${workers[1].output.slice(-60).join('\n')}`);
    }
    expect({ status: detail.status, body: detail.body }).toMatchObject({
      status: 200,
      body: { upvotes: 1 },
    });
    const voterPage = await readAt(api(0), `/users/${voters[0].userId}`, position!);
    expect({ status: voterPage.status, body: voterPage.body }).toMatchObject({ status: 200 });
  });
});
