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
import { ContestDetailProjector } from './contest-detail.projector';
import { ContestDetailReader } from './contest-detail.reader';

const at = historyAt;
const DAY = MINUTES_PER_DAY;
const STANDARD = {
  rulesetId: DEFAULT_RULESET_ID,
  name: BUILTIN_RULESETS[0].name,
  hash: BUILTIN_RULESETS[0].hash,
};

describe('contest-detail projector (Postgres)', () => {
  let t: TestDataSource;
  let runner: ProjectionRunner;
  let reader: ContestDetailReader;
  let history: ContestHistory;
  const projector = new ContestDetailProjector();
  let olga: HistoryUser; // owns the contests
  let ada: HistoryUser; // an admin
  let [ann, ben, cat, dan] = [] as HistoryUser[];

  beforeAll(async () => {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
    reader = new ContestDetailReader(t.dataSource);
    history = new ContestHistory(t.dataSource, BUILTIN_RULESETS);
    const since = at(-30 * DAY);
    olga = await history.register('olga', since);
    ada = await history.register('ada', since, ['user', 'admin']);
    [ann, ben, cat, dan] = await Promise.all(
      ['ann', 'ben', 'cat', 'dan'].map((name) => history.register(name, since)),
    );
  });
  afterAll(() => t.close());

  const drain = (batchSize = 2) => drainHistory(history, runner, projector, batchSize);

  /** What GET /contests/:id shows. */
  const shown = async (contestId: string) => (await reader.find(contestId))!;
  const counters = async (contestId: string) => {
    const { entryCount, voteCount, commentCount, viewCount } = await shown(contestId);
    return { entryCount, voteCount, commentCount, viewCount };
  };

  const create = (contestId: string, fields: Partial<CreateContest> = {}): CreateContest => ({
    type: 'CreateContest',
    receivedAt: at(0),
    contestId,
    owner: olga,
    title: 'Paper planes',
    description: 'Fold, throw, film',
    category: 'crafts',
    submissionsCloseAt: at(2 * DAY),
    votingOpensAt: null,
    votingClosesAt: at(5 * DAY),
    rulesetId: DEFAULT_RULESET_ID,
    ...fields,
  });
  const submit = (contestId: string, entryId: string, author: HistoryUser, minute: number) =>
    submitEntry(contestId, entryId, author, minute, {
      title: `Plane by ${author.displayName}`,
      description: 'Longest glide wins',
    });
  const vote = castVote;
  const view = (entryId: string, viewerKey: string, minute: number): ContestCommand => ({
    type: 'RecordView',
    receivedAt: at(minute),
    entryId,
    viewerKey,
    watchedSeconds: 1,
  });

  it('shows a created contest with its owner, schedule and ruleset, and no activity yet', async () => {
    const contestId = uuidv7();
    await history.run(create(contestId));
    await drain();

    expect(await shown(contestId)).toEqual({
      contestId,
      title: 'Paper planes',
      description: 'Fold, throw, film',
      category: 'crafts',
      owner: { userId: olga.userId, displayName: 'Olga' },
      status: 'open',
      submissionsCloseAt: at(2 * DAY).toISOString(),
      votingOpensAt: at(0).toISOString(), // not given: voting opens at creation
      votingClosesAt: at(5 * DAY).toISOString(),
      closedAt: null,
      createdAt: at(0).toISOString(),
      entryCount: 0,
      voteCount: 0,
      commentCount: 0,
      viewCount: 0,
      ruleset: STANDARD,
    });
  });

  it('reads voting once submissions have closed, closed once closed early or finalized', async () => {
    const voting = uuidv7();
    const early = uuidv7();
    const finalized = uuidv7();
    await history.runAll([
      create(voting, { submissionsCloseAt: at(30), votingOpensAt: at(10) }),
      create(early),
      create(finalized, { submissionsCloseAt: at(20), votingClosesAt: at(60) }),
    ]);
    await drain();
    expect(await shown(voting)).toMatchObject({
      status: 'voting',
      votingOpensAt: at(10).toISOString(),
    });
    expect(await shown(early)).toMatchObject({ status: 'open', closedAt: null });

    await history.runAll([
      { type: 'CloseContest', receivedAt: at(40), contestId: early, actor: olga },
      { type: 'FinalizeContest', receivedAt: at(75), contestId: finalized },
    ]);
    await drain();
    expect(await shown(early)).toMatchObject({ status: 'closed', closedAt: at(40).toISOString() });
    expect(await shown(finalized)).toMatchObject({
      status: 'closed',
      closedAt: at(60).toISOString(), // votingClosesAt, not when the finalizer ran
    });
    expect(await shown(voting)).toMatchObject({ status: 'voting', closedAt: null });
  });

  it('counts entries, active votes, comments and every view; a flip is no new vote', async () => {
    const contestId = uuidv7();
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    const spam = uuidv7();
    await history.runAll([
      create(contestId),
      submit(contestId, a, ann, 1),
      submit(contestId, b, ben, 2),
      submit(contestId, c, cat, 3),
      vote(a, ben, 1, 10),
      vote(a, cat, 1, 11),
      vote(b, ann, -1, 12),
      vote(b, ann, 1, 13), // a flip: still one vote of ann's on b
      {
        type: 'AddComment',
        receivedAt: at(14),
        commentId: uuidv7(),
        entryId: a,
        author: dan,
        body: 'Nice fold',
      },
      {
        type: 'AddComment',
        receivedAt: at(15),
        commentId: spam,
        entryId: b,
        author: dan,
        body: 'x',
      },
      view(a, 'anon:v1', 16),
      view(a, 'anon:v1', 17), // the same viewer again: views count every one
      view(b, `user:${dan.userId}`, 18),
    ]);
    await drain();
    expect(await counters(contestId)).toEqual({
      entryCount: 3,
      voteCount: 3,
      commentCount: 2,
      viewCount: 3,
    });

    await history.runAll([
      { type: 'RetractVote', receivedAt: at(20), entryId: a, voter: cat },
      { type: 'DeleteComment', receivedAt: at(21), commentId: spam, actor: dan },
      { type: 'WithdrawEntry', receivedAt: at(22), entryId: c, actor: cat },
    ]);
    await drain();
    expect(await counters(contestId)).toEqual({
      entryCount: 2,
      voteCount: 2,
      commentCount: 1,
      viewCount: 3,
    });
  });

  it('shows the ruleset an admin switched the contest to', async () => {
    const contestId = uuidv7();
    await history.run(create(contestId));
    const ruleset = await history.createRuleset(
      'no-downvotes',
      { acceptance: { allowDownvotes: false } },
      ada,
      at(5),
    );
    await history.run({
      type: 'ChangeContestRuleset',
      receivedAt: at(6),
      contestId,
      rulesetId: ruleset.rulesetId,
      actor: ada,
    });
    await drain();

    expect((await shown(contestId)).ruleset).toEqual({
      rulesetId: ruleset.rulesetId,
      name: 'no-downvotes',
      hash: ruleset.hash,
    });
  });

  it('events it ignores (users, rulesets, rows of other streams) change nothing', async () => {
    const contestId = uuidv7();
    const a = uuidv7();
    await history.runAll([create(contestId), submit(contestId, a, ann, 1), vote(a, ben, 1, 2)]);
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
    const [a, b] = [uuidv7(), uuidv7()];
    const gone = uuidv7();
    await history.runAll([
      create(contestId),
      submit(contestId, a, cat, 1),
      submit(contestId, b, dan, 2),
      vote(a, ann, 1, 10),
      vote(a, ann, -1, 11),
      vote(b, ann, 1, 12),
      { type: 'RetractVote', receivedAt: at(13), entryId: b, voter: ann },
      {
        type: 'AddComment',
        receivedAt: at(14),
        commentId: gone,
        entryId: a,
        author: ben,
        body: 'Hm',
      },
      { type: 'DeleteComment', receivedAt: at(15), commentId: gone, actor: ben },
      view(b, 'anon:z', 16),
      { type: 'WithdrawEntry', receivedAt: at(17), entryId: b, actor: dan },
      { type: 'CloseContest', receivedAt: at(18), contestId, actor: olga },
    ]);
    await drain(3);
    const live = await viewTables(t.dataSource, projector.tables);
    expect(live.view_contest_detail.length).toBeGreaterThan(5); // every test's contests

    expect(await rebuildFromZero(t.dataSource, runner, projector, history.last)).toEqual(live);
  });
});
