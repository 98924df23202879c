import { ContestCommand } from '@contest/domain';
import {
  castVote,
  ContestHistory,
  drainHistory,
  historyAt,
  HistoryUser,
  MINUTES_PER_DAY,
  openTestDataSource,
  rebuildFromZero,
  submitEntry,
  TestDataSource,
  viewTables,
} from '@contest/testing';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { BUILTIN_RULESETS, DEFAULT_RULESET_ID } from '../../rulesets/builtin-rulesets';
import { ProjectionRunner } from '../runtime/projection-runner';
import { StandingsProjector } from './standings.projector';
import { StandingsReader } from './standings.reader';

const at = historyAt;
const DAY = MINUTES_PER_DAY;
/** standard-v1: net votes, plus 0.5·ln(1 + commenters) and 0.1·ln(1 + counted views). */
const standard = (net: number, commenters = 0, views = 0) =>
  net + 0.5 * Math.log1p(commenters) + 0.1 * Math.log1p(views);

describe('standings projector (Postgres)', () => {
  let t: TestDataSource;
  let runner: ProjectionRunner;
  let reader: StandingsReader;
  let history: ContestHistory;
  const projector = new StandingsProjector();
  let olga: HistoryUser; // owns the contests
  let ada: HistoryUser; // an admin
  let [ann, ben, cat, dan, eve, fay] = [] as HistoryUser[];

  beforeAll(async () => {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
    reader = new StandingsReader(t.dataSource);
    history = new ContestHistory(t.dataSource, BUILTIN_RULESETS);
    const since = at(-30 * DAY);
    olga = await history.register('olga', since);
    ada = await history.register('ada', since, ['user', 'admin']);
    [ann, ben, cat, dan, eve, fay] = await Promise.all(
      ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'].map((name) => history.register(name, since)),
    );
  });
  afterAll(() => t.close());

  const drain = (batchSize = 2) => drainHistory(history, runner, projector, batchSize);

  /** What GET /contests/:id/standings shows. */
  const board = async (contestId: string) => (await reader.board(contestId, 0, 100))!;
  const ranking = async (contestId: string) =>
    (await board(contestId)).items.map((line) => [line.rank, line.entryId]);

  const create = (
    contestId: string,
    schedule = { submissionsCloseAt: at(2 * DAY), votingClosesAt: at(5 * DAY) },
  ): ContestCommand => ({
    type: 'CreateContest',
    receivedAt: at(0),
    contestId,
    owner: olga,
    title: 'Street food',
    description: 'One dish, one minute',
    category: 'food',
    votingOpensAt: null,
    rulesetId: DEFAULT_RULESET_ID,
    ...schedule,
  });
  const submit = (contestId: string, entryId: string, author: HistoryUser, minute: number) =>
    submitEntry(contestId, entryId, author, minute, {
      title: `Dish by ${author.displayName}`,
      description: 'Filmed at the market',
    });
  const vote = castVote;

  it('ranks entries by score, highest first, counting votes, commenters and views as standard-v1 does', async () => {
    const contestId = uuidv7();
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    await history.run(create(contestId));
    await drain();
    expect(await board(contestId)).toEqual({
      ruleset: {
        rulesetId: DEFAULT_RULESET_ID,
        name: BUILTIN_RULESETS[0].name,
        hash: BUILTIN_RULESETS[0].hash,
      },
      asOf: at(0).toISOString(),
      final: false,
      items: [],
    });

    await history.runAll([
      submit(contestId, a, ann, 1),
      submit(contestId, b, ben, 2),
      submit(contestId, c, cat, 3),
      // a: three upvotes
      vote(a, ben, 1, 10),
      vote(a, cat, 1, 11),
      vote(a, dan, 1, 12),
      // b: two up, one down
      vote(b, ann, 1, 13),
      vote(b, cat, 1, 14),
      vote(b, dan, -1, 15),
      // c: one up, two commenters (its author's own comment does not count, nor a second
      // comment by the same person), two counted views (a repeat within 30 minutes and a
      // 2-second view do not count)
      vote(c, ann, 1, 16),
      {
        type: 'AddComment',
        receivedAt: at(17),
        commentId: uuidv7(),
        entryId: c,
        author: ann,
        body: 'Crispy!',
      },
      {
        type: 'AddComment',
        receivedAt: at(18),
        commentId: uuidv7(),
        entryId: c,
        author: ann,
        body: 'Again',
      },
      {
        type: 'AddComment',
        receivedAt: at(19),
        commentId: uuidv7(),
        entryId: c,
        author: eve,
        body: 'Recipe?',
      },
      {
        type: 'AddComment',
        receivedAt: at(20),
        commentId: uuidv7(),
        entryId: c,
        author: cat,
        body: 'Thanks',
      },
      {
        type: 'RecordView',
        receivedAt: at(21),
        entryId: c,
        viewerKey: 'anon:v1',
        watchedSeconds: 40,
      },
      {
        type: 'RecordView',
        receivedAt: at(22),
        entryId: c,
        viewerKey: 'anon:v1',
        watchedSeconds: 40,
      },
      {
        type: 'RecordView',
        receivedAt: at(23),
        entryId: c,
        viewerKey: `user:${fay.userId}`,
        watchedSeconds: 12,
      },
      {
        type: 'RecordView',
        receivedAt: at(24),
        entryId: c,
        viewerKey: 'anon:v2',
        watchedSeconds: 2,
      },
    ]);
    await drain();

    const shown = await board(contestId);
    expect(shown.asOf).toBe(at(24).toISOString());
    expect(shown.items).toEqual([
      expect.objectContaining({
        rank: 1,
        entryId: a,
        authorId: ann.userId,
        authorName: 'Ann',
        upvotes: 3,
        downvotes: 0,
      }),
      expect.objectContaining({
        rank: 2,
        entryId: c,
        upvotes: 1,
        downvotes: 0,
        comments: 2,
        views: 2,
      }),
      expect.objectContaining({
        rank: 3,
        entryId: b,
        upvotes: 2,
        downvotes: 1,
        comments: 0,
        views: 0,
      }),
    ]);
    expect(shown.items[0].score).toBeCloseTo(standard(3), 6);
    expect(shown.items[1].score).toBeCloseTo(standard(1, 2, 2), 6);
    expect(shown.items[2].score).toBeCloseTo(standard(1), 6);
    expect(shown.items[1].title).toBe('Dish by Cat');
  });

  it('breaks a tie in score by more upvotes, then by the earlier submission', async () => {
    const contestId = uuidv7();
    const [d, e, f] = [uuidv7(), uuidv7(), uuidv7()];
    await history.runAll([
      create(contestId),
      submit(contestId, d, dan, 1),
      submit(contestId, e, eve, 2),
      submit(contestId, f, fay, 3),
      vote(f, ben, 1, 10), // f: 1, one upvote, submitted last
      vote(e, ann, 1, 11), // e: 1, two upvotes
      vote(e, ben, 1, 12),
      vote(e, cat, -1, 13),
      vote(d, ann, 1, 14), // d: 1, one upvote, submitted first
    ]);
    await drain();

    expect(await ranking(contestId)).toEqual([
      [1, e],
      [2, d],
      [3, f],
    ]);
    const scores = (await board(contestId)).items.map((line) => line.score);
    expect(new Set(scores)).toEqual(new Set([1]));
  });

  it('follows vote flips and retractions, and a withdrawn entry leaves while the others close up', async () => {
    const contestId = uuidv7();
    const [g, h, i] = [uuidv7(), uuidv7(), uuidv7()];
    await history.runAll([
      create(contestId),
      submit(contestId, g, ann, 1),
      submit(contestId, h, ben, 2),
      submit(contestId, i, cat, 3),
      vote(g, dan, 1, 10),
      vote(g, eve, 1, 11),
      vote(h, ann, 1, 12),
    ]);
    await drain();
    expect(await ranking(contestId)).toEqual([
      [1, g],
      [2, h],
      [3, i],
    ]);

    await history.runAll([
      vote(g, dan, -1, 20), // a flip: g is at 0
      { type: 'RetractVote', receivedAt: at(21), entryId: g, voter: eve }, // g at -1
    ]);
    await drain();
    expect(await ranking(contestId)).toEqual([
      [1, h],
      [2, i],
      [3, g],
    ]);
    expect((await board(contestId)).items[2]).toMatchObject({
      upvotes: 0,
      downvotes: 1,
      score: -1,
    });

    await history.run({ type: 'WithdrawEntry', receivedAt: at(22), entryId: h, actor: ben });
    await drain();
    expect(await ranking(contestId)).toEqual([
      [1, i],
      [2, g],
    ]);
  });

  it("a closed contest's standings are final, as of its close", async () => {
    const closed = uuidv7();
    const finalized = uuidv7();
    const [j, k] = [uuidv7(), uuidv7()];
    await history.runAll([
      create(closed),
      submit(closed, j, ann, 1),
      vote(j, ben, 1, 5),
      create(finalized, { submissionsCloseAt: at(10), votingClosesAt: at(60) }),
      submit(finalized, k, cat, 2),
      vote(k, dan, 1, 30),
    ]);
    await drain();
    expect(await board(closed)).toMatchObject({ asOf: at(5).toISOString(), final: false });

    await history.runAll([
      { type: 'CloseContest', receivedAt: at(40), contestId: closed, actor: olga },
      // The finalizer runs after votingClosesAt; the standings stay as of votingClosesAt.
      { type: 'FinalizeContest', receivedAt: at(75), contestId: finalized },
    ]);
    await drain();
    expect(await board(closed)).toMatchObject({ asOf: at(40).toISOString(), final: true });
    expect(await board(finalized)).toMatchObject({ asOf: at(60).toISOString(), final: true });
    expect(await ranking(finalized)).toEqual([[1, k]]);
  });

  it('a ruleset change re-scores the whole history under the new rules', async () => {
    const contestId = uuidv7();
    const [l, m] = [uuidv7(), uuidv7()];
    await history.runAll([
      create(contestId),
      submit(contestId, l, ann, 1),
      submit(contestId, m, ben, 2),
      vote(l, cat, 1, 10),
      vote(l, dan, 1, 11),
      vote(m, cat, 1, 12),
      ...[ann, cat, dan].map((author, n): ContestCommand => ({
        type: 'AddComment',
        receivedAt: at(13 + n),
        commentId: uuidv7(),
        entryId: m,
        author,
        body: 'So good',
      })),
    ]);
    await drain();
    expect(await ranking(contestId)).toEqual([
      [1, l],
      [2, m],
    ]);

    const talkative = await history.createRuleset(
      'comments-count',
      { scoring: { comments: { weight: 2 } } },
      ada,
      at(20),
    );
    await history.run({
      type: 'ChangeContestRuleset',
      receivedAt: at(21),
      contestId,
      rulesetId: talkative.rulesetId,
      actor: ada,
    });
    await drain();

    const shown = await board(contestId);
    expect(shown.ruleset).toEqual({
      rulesetId: talkative.rulesetId,
      name: 'comments-count',
      hash: talkative.hash,
    });
    expect(shown.items.map((line) => [line.rank, line.entryId])).toEqual([
      [1, m],
      [2, l],
    ]);
    expect(shown.items[0].score).toBeCloseTo(1 + 2 * Math.log1p(3) + 0.1 * Math.log1p(0), 6);
  });

  it('events it ignores (users, rulesets, rows of other streams) change nothing', async () => {
    const contestId = uuidv7();
    const n = uuidv7();
    await history.runAll([create(contestId), submit(contestId, n, ann, 1), vote(n, ben, 1, 2)]);
    await drain();
    const before = await viewTables(t.dataSource, projector.tables);

    await history.register('gus', at(3));
    await history.createRuleset('votes-only', { scoring: { comments: { weight: 0 } } }, ada, at(4));
    await drain();

    expect(await viewTables(t.dataSource, projector.tables)).toEqual(before);
    const [{ position }] = await t.dataSource.query(
      `SELECT last_position::int AS position FROM projection_checkpoints WHERE projection = $1`,
      [projector.name],
    );
    expect(position).toBe(history.last); // it read them
  });

  it('a rebuild from position 0 equals the live tables', async () => {
    const contestId = uuidv7();
    const [p, q, r] = [uuidv7(), uuidv7(), uuidv7()];
    await history.runAll([
      create(contestId),
      submit(contestId, p, dan, 1),
      submit(contestId, q, eve, 2),
      submit(contestId, r, fay, 3),
      vote(p, ann, 1, 10),
      vote(q, ann, 1, 11),
      vote(q, ben, -1, 12),
      vote(q, ben, 1, 13),
      { type: 'RetractVote', receivedAt: at(14), entryId: p, voter: ann },
      { type: 'WithdrawEntry', receivedAt: at(15), entryId: r, actor: fay },
      {
        type: 'RecordView',
        receivedAt: at(16),
        entryId: p,
        viewerKey: 'anon:x',
        watchedSeconds: 30,
      },
    ]);
    await drain(3);
    const live = await viewTables(t.dataSource, projector.tables);
    expect(live.view_standings_contests.length).toBeGreaterThan(5); // every test's contests

    expect(await rebuildFromZero(t.dataSource, runner, projector, history.last)).toEqual(live);
  });
});
