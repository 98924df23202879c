import { ContestCommand, CreateContest } from '@contest/domain';
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
import { ContestListProjector } from './contest-list.projector';
import { ContestListReader } from './contest-list.reader';

const at = historyAt;
const DAY = MINUTES_PER_DAY;

describe('contest-list projector (Postgres)', () => {
  let t: TestDataSource;
  let runner: ProjectionRunner;
  let reader: ContestListReader;
  let history: ContestHistory;
  const projector = new ContestListProjector();
  let olga: HistoryUser; // owns the contests
  let ada: HistoryUser; // an admin
  let [ann, ben, cat, dan, eve] = [] as HistoryUser[];

  beforeAll(async () => {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
    reader = new ContestListReader(t.dataSource);
    history = new ContestHistory(t.dataSource, BUILTIN_RULESETS);
    const since = at(-30 * DAY);
    olga = await history.register('olga', since);
    ada = await history.register('ada', since, ['user', 'admin']);
    [ann, ben, cat, dan, eve] = await Promise.all(
      ['ann', 'ben', 'cat', 'dan', 'eve'].map((name) => history.register(name, since)),
    );
  });
  afterAll(() => t.close());

  const drain = (batchSize = 2) => drainHistory(history, runner, projector, batchSize);

  /** What GET /contests?category= shows, newest first; each test lists a category of its own. */
  const listed = async (category: string, status?: 'open' | 'voting' | 'closed') =>
    (await reader.page({ category, status, after: null, limit: 50 })).items;
  const line = async (category: string, contestId: string) =>
    (await listed(category)).find((item) => item.contestId === contestId)!;

  const create = (
    contestId: string,
    category: string,
    fields: Partial<CreateContest> = {},
  ): CreateContest => ({
    type: 'CreateContest',
    receivedAt: at(0),
    contestId,
    owner: olga,
    title: `Best of ${category}`,
    description: 'Short films only',
    category,
    submissionsCloseAt: at(2 * DAY),
    votingOpensAt: null,
    votingClosesAt: at(5 * DAY),
    rulesetId: DEFAULT_RULESET_ID,
    ...fields,
  });
  const submit = (contestId: string, entryId: string, author: HistoryUser, minute: number) =>
    submitEntry(contestId, entryId, author, minute, {
      title: `Film by ${author.displayName}`,
      description: 'Shot in one take',
    });
  const vote = castVote;

  it('lists contests newest first with their schedule, and no entries, votes or leader yet', async () => {
    const older = uuidv7();
    const newer = uuidv7();
    await history.runAll([
      create(older, 'kites'),
      create(newer, 'kites', { receivedAt: at(5), submissionsCloseAt: at(30) }),
    ]);
    await drain();

    expect(await listed('kites')).toEqual([
      {
        contestId: newer,
        title: 'Best of kites',
        category: 'kites',
        status: 'voting', // its submissions closed at minute 30
        entryCount: 0,
        voteCount: 0,
        leader: null,
        submissionsCloseAt: at(30).toISOString(),
        votingClosesAt: at(5 * DAY).toISOString(),
      },
      expect.objectContaining({ contestId: older, status: 'open', leader: null }),
    ]);
  });

  it('counts entries and votes and names the leader by score; a withdrawn entry leaves both', async () => {
    const contestId = uuidv7();
    const [a, b] = [uuidv7(), uuidv7()];
    await history.runAll([
      create(contestId, 'yoyos'),
      submit(contestId, a, ann, 1),
      submit(contestId, b, ben, 2),
      vote(a, cat, 1, 10),
      vote(a, dan, 1, 11),
      vote(b, cat, 1, 12),
    ]);
    await drain();
    expect(await line('yoyos', contestId)).toMatchObject({
      entryCount: 2,
      voteCount: 3,
      leader: {
        entryId: a,
        title: 'Film by Ann',
        authorId: ann.userId,
        authorName: 'Ann',
        score: 2,
      },
    });

    await history.runAll([vote(b, dan, 1, 13), vote(b, eve, 1, 14), vote(a, eve, -1, 15)]);
    await drain();
    expect(await line('yoyos', contestId)).toMatchObject({
      entryCount: 2,
      voteCount: 6,
      leader: { entryId: b, score: 3 },
    });

    await history.run({ type: 'WithdrawEntry', receivedAt: at(20), entryId: b, actor: ben });
    await drain();
    expect(await line('yoyos', contestId)).toMatchObject({
      entryCount: 1,
      voteCount: 3, // a's two up and one down; b's no longer count
      leader: { entryId: a, score: 1 },
    });
  });

  it('a closed contest reads closed and is listed under closed only', async () => {
    const closed = uuidv7();
    const open = uuidv7();
    await history.runAll([create(closed, 'kazoos'), create(open, 'kazoos', { receivedAt: at(1) })]);
    await drain();
    expect(await listed('kazoos', 'closed')).toEqual([]);

    await history.run({ type: 'CloseContest', receivedAt: at(10), contestId: closed, actor: olga });
    await drain();
    expect(await line('kazoos', closed)).toMatchObject({ status: 'closed' });
    expect((await listed('kazoos', 'closed')).map((item) => item.contestId)).toEqual([closed]);
    expect((await listed('kazoos', 'open')).map((item) => item.contestId)).toEqual([open]);
  });

  it('a ruleset change re-scores the history, and the leader with it', async () => {
    const contestId = uuidv7();
    const [a, b] = [uuidv7(), uuidv7()];
    await history.runAll([
      create(contestId, 'juggling'),
      submit(contestId, a, ann, 1),
      submit(contestId, b, ben, 2),
      vote(a, cat, 1, 10),
      vote(a, dan, 1, 11),
      vote(b, cat, 1, 12),
      ...[ann, cat, dan].map((author, n): ContestCommand => ({
        type: 'AddComment',
        receivedAt: at(13 + n),
        commentId: uuidv7(),
        entryId: b,
        author,
        body: 'Three balls!',
      })),
    ]);
    await drain();
    expect((await line('juggling', contestId)).leader).toMatchObject({ entryId: a });

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
    const { leader } = await line('juggling', contestId);
    expect(leader).toMatchObject({ entryId: b });
    expect(leader!.score).toBeCloseTo(1 + 2 * Math.log1p(3), 6);
  });

  it('events it ignores (users, rulesets, rows of other streams) change nothing', async () => {
    const contestId = uuidv7();
    const a = uuidv7();
    await history.runAll([
      create(contestId, 'puppets'),
      submit(contestId, a, ann, 1),
      vote(a, ben, 1, 2),
    ]);
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
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    await history.runAll([
      create(contestId, 'marbles'),
      submit(contestId, a, cat, 1),
      submit(contestId, b, dan, 2),
      submit(contestId, c, eve, 3),
      vote(a, ann, 1, 10),
      vote(b, ann, 1, 11),
      vote(b, ben, 1, 12),
      vote(b, ben, -1, 13),
      { type: 'RetractVote', receivedAt: at(14), entryId: a, voter: ann },
      { type: 'WithdrawEntry', receivedAt: at(15), entryId: c, actor: eve },
      { type: 'CloseContest', receivedAt: at(16), contestId, actor: olga },
    ]);
    await drain(3);
    const live = await viewTables(t.dataSource, projector.tables);
    expect(live.view_contest_list.length).toBeGreaterThan(5); // every test's contests

    expect(await rebuildFromZero(t.dataSource, runner, projector, history.last)).toEqual(live);
  });
});
