import { http, inSeconds, SignedInUser, signUp } from '@contest/testing';
import { replayWholeLog, startTestApp, TestApp } from '@contest/testing/app';

const CLIENTS = 64;
const ROUNDS = 12;

describe('64 clients voting on one contest at once', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PROJECTION_POLL_MS: '200', DB_POOL_SIZE: '40' });
  });
  afterAll(() => t?.close());

  it('ends with the standings a full in-memory re-decision of the log gives, and one vote per voter and entry', async () => {
    const owner = await signUp(t.baseUrl, 'owner');
    const authors = await Promise.all([0, 1, 2, 3].map((i) => signUp(t.baseUrl, `author${i}`)));
    const voters: SignedInUser[] = [];
    for (let i = 0; i < CLIENTS; i += 8) {
      voters.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, (_, j) => signUp(t.baseUrl, `voter${i + j}`)),
        )),
      );
    }
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Bike stunts',
        category: 'sports',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    const contestId = created.body.contestId;
    const entries: string[] = [];
    for (const author of authors) {
      const submitted = await http(t.baseUrl, 'POST', `/contests/${contestId}/entries`, {
        token: author.token,
        body: { title: `Stunt by ${author.username}`, videoUrl: 'https://videos.example/s.mp4' },
      });
      entries.push(submitted.body.entryId);
    }

    // Each client casts, flips and retracts on the same four entries; the owner closes midway.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const statuses = new Map<number, number>();
    const client = async (voter: SignedInUser, index: number) => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const entry = entries[Math.floor(random() * entries.length)];
        const action = random();
        const reply =
          action < 0.6
            ? await http(t.baseUrl, 'POST', `/entries/${entry}/vote`, {
                token: voter.token,
                body: { value: action < 0.4 ? 1 : -1 },
              })
            : await http(t.baseUrl, 'DELETE', `/entries/${entry}/vote`, { token: voter.token });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (index === 0 && round === ROUNDS / 2) {
          const closed = await http(t.baseUrl, 'POST', `/contests/${contestId}/close`, {
            token: owner.token,
          });
          expect(closed.status).toBe(200);
        }
      }
    };
    await Promise.all(voters.map((voter, index) => client(voter, index)));
    expect(statuses.get(500)).toBeUndefined();
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(422)).toBeGreaterThan(0); // VOTING_CLOSED after the close

    const [{ head }] = await t.dataSource.query(
      `SELECT max(position)::int AS head FROM command_log`,
    );
    const view = await http(
      t.baseUrl,
      'GET',
      `/contests/${contestId}/standings?minPosition=${head}&waitMs=5000`,
    );
    expect(view.status).toBe(200);
    expect(view.body.final).toBe(true);

    const { replay, outcomes } = await replayWholeLog(t.dataSource);
    // Every command decided in memory comes out as it did live.
    const flips = outcomes.filter(
      (o) => o.recorded.status !== o.replayed.status || o.recorded.code !== o.replayed.code,
    );
    expect(flips).toEqual([]);
    const expected = replay.standings(contestId).map((r) => ({
      rank: r.rank,
      entryId: r.entryId,
      score: r.score,
      upvotes: r.upvotes,
      downvotes: r.downvotes,
    }));
    const actual = view.body.items.map((r: Record<string, unknown>) => ({
      rank: r.rank,
      entryId: r.entryId,
      score: r.score,
      upvotes: r.upvotes,
      downvotes: r.downvotes,
    }));
    expect(actual).toEqual(expected);
    expect(view.body.asOf).toBe(replay.contestScore(contestId)!.closedAt!.toISOString());

    // One active vote per (voter, entry), and the decision state agrees with the replay.
    const pairs: { entry_id: string; voter_id: string; n: number }[] = await t.dataSource.query(
      `SELECT entry_id, voter_id, count(*)::int AS n FROM votes GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(pairs).toEqual([]);
    const totals = replay.contestScore(contestId)!.tally.contestTotals();
    const [{ active }] = await t.dataSource.query(
      `SELECT count(*)::int AS active FROM votes WHERE contest_id = $1`,
      [contestId],
    );
    expect(active).toBe(totals.upvotes + totals.downvotes);
  });
});
