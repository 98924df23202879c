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
import { EntryDetailProjector } from './entry-detail.projector';
import { EntryDetailReader } from './entry-detail.reader';

const at = historyAt;
const DAY = MINUTES_PER_DAY;

describe('entry-detail projector (Postgres)', () => {
  let t: TestDataSource;
  let runner: ProjectionRunner;
  let reader: EntryDetailReader;
  let history: ContestHistory;
  const projector = new EntryDetailProjector();
  let olga: HistoryUser; // owns the contests
  let mod: HistoryUser; // a moderator
  let [ann, ben, cat, dan, eve] = [] as HistoryUser[];

  /** A database of its own, with the users the commands come from. */
  async function open() {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
    reader = new EntryDetailReader(t.dataSource);
    history = new ContestHistory(t.dataSource, BUILTIN_RULESETS);
    const since = at(-30 * DAY);
    olga = await history.register('olga', since);
    mod = await history.register('mona', since, ['user', 'moderator']);
    [ann, ben, cat, dan, eve] = await Promise.all(
      ['ann', 'ben', 'cat', 'dan', 'eve'].map((name) => history.register(name, since)),
    );
  }

  const drain = (batchSize = 2) => drainHistory(history, runner, projector, batchSize);

  /** What GET /entries/:id shows. */
  const shown = async (entryId: string) => (await reader.find(entryId))!;

  /** A contest with an entry by ann and one by ben, submitted a minute apart. */
  async function contestWithTwoEntries() {
    const contestId = uuidv7();
    const [a, b] = [uuidv7(), uuidv7()];
    await history.runAll([
      {
        type: 'CreateContest',
        receivedAt: at(0),
        contestId,
        owner: olga,
        title: 'Tiny houses',
        description: 'Tours under three minutes',
        category: 'architecture',
        submissionsCloseAt: at(2 * DAY),
        votingOpensAt: null,
        votingClosesAt: at(5 * DAY),
        rulesetId: DEFAULT_RULESET_ID,
      },
      submit(contestId, a, ann, 1),
      submit(contestId, b, ben, 2),
    ]);
    return { contestId, a, b };
  }
  const submit = (contestId: string, entryId: string, author: HistoryUser, minute: number) =>
    submitEntry(contestId, entryId, author, minute, {
      title: `House of ${author.displayName}`,
      description: 'A loft bed and a wood stove',
    });
  const vote = castVote;
  const comment = (
    entryId: string,
    author: HistoryUser,
    body: string,
    minute: number,
    commentId = uuidv7(),
  ): ContestCommand => ({
    type: 'AddComment',
    receivedAt: at(minute),
    commentId,
    entryId,
    author,
    body,
  });
  const counts = async (entryId: string) => {
    const { upvotes, downvotes, score, rank, status } = await shown(entryId);
    return { upvotes, downvotes, score, rank, status };
  };

  describe('its rules', () => {
    beforeAll(open);
    afterAll(() => t.close());

    it('shows a submitted entry with its author, video and description, active and ranked', async () => {
      const { contestId, a, b } = await contestWithTwoEntries();
      await drain();

      expect(await shown(a)).toEqual({
        entryId: a,
        contestId,
        title: 'House of Ann',
        videoUrl: `https://videos.example.com/${a}.mp4`,
        description: 'A loft bed and a wood stove',
        author: { userId: ann.userId, displayName: 'Ann' },
        status: 'active',
        submittedAt: at(1).toISOString(),
        upvotes: 0,
        downvotes: 0,
        comments: 0,
        views: 0,
        watchSeconds: 0,
        score: 0,
        rank: 1, // no votes yet: the earlier submission first
        recentComments: [],
      });
      expect(await counts(b)).toMatchObject({ rank: 2, score: 0 });
    });

    it('counts votes through flips and retractions, and a vote on one entry re-ranks the other', async () => {
      const { a, b } = await contestWithTwoEntries();
      await history.run(vote(a, cat, 1, 10));
      await drain();
      expect(await counts(a)).toEqual({
        upvotes: 1,
        downvotes: 0,
        score: 1,
        rank: 1,
        status: 'active',
      });
      expect(await counts(b)).toMatchObject({ rank: 2, score: 0 });

      await history.runAll([vote(b, dan, 1, 11), vote(b, eve, 1, 12)]);
      await drain();
      expect(await counts(b)).toMatchObject({ upvotes: 2, score: 2, rank: 1 });
      expect(await counts(a)).toMatchObject({ upvotes: 1, rank: 2 }); // no event of its own

      await history.runAll([
        vote(a, cat, -1, 13), // a flip
        { type: 'RetractVote', receivedAt: at(14), entryId: b, voter: dan },
      ]);
      await drain();
      expect(await counts(a)).toEqual({
        upvotes: 0,
        downvotes: 1,
        score: -1,
        rank: 2,
        status: 'active',
      });
      expect(await counts(b)).toEqual({
        upvotes: 1,
        downvotes: 0,
        score: 1,
        rank: 1,
        status: 'active',
      });
    });

    it('a withdrawn entry reads withdrawn and unranked; the other moves up', async () => {
      const { a, b } = await contestWithTwoEntries();
      await history.runAll([vote(a, cat, 1, 10), vote(a, dan, 1, 11), vote(b, cat, 1, 12)]);
      await drain();
      expect(await counts(a)).toMatchObject({ rank: 1 });
      expect(await counts(b)).toMatchObject({ rank: 2 });

      await history.run({ type: 'WithdrawEntry', receivedAt: at(20), entryId: a, actor: ann });
      await drain();
      expect(await counts(a)).toMatchObject({ status: 'withdrawn', rank: null });
      expect(await counts(b)).toMatchObject({ status: 'active', rank: 1 });
    });

    it('shows the five newest comments, drops a deleted one, and counts distinct commenters but the author', async () => {
      const { a } = await contestWithTwoEntries();
      const spam = uuidv7();
      await history.runAll([
        comment(a, ben, 'one', 10),
        comment(a, cat, 'two', 11),
        comment(a, ann, 'three (the author)', 12),
        comment(a, ben, 'four', 13),
        comment(a, dan, 'five', 14),
        comment(a, eve, 'buy followers', 15, spam),
        comment(a, cat, 'six', 16),
      ]);
      await drain();
      const before = await shown(a);
      expect(before.recentComments.map((c) => c.body)).toEqual([
        'six',
        'buy followers',
        'five',
        'four',
        'three (the author)',
      ]);
      expect(before.recentComments[1]).toEqual({
        commentId: spam,
        authorId: eve.userId,
        authorName: 'Eve',
        body: 'buy followers',
        createdAt: at(15).toISOString(),
      });
      expect(before.comments).toBe(4); // ben, cat, dan, eve
      expect(before.score).toBeCloseTo(0.5 * Math.log1p(4), 6);

      await history.run({ type: 'DeleteComment', receivedAt: at(17), commentId: spam, actor: mod });
      await drain();
      const after = await shown(a);
      expect(after.recentComments.map((c) => c.body)).toEqual([
        'six',
        'five',
        'four',
        'three (the author)',
        'two',
      ]);
      expect(after.comments).toBe(3);
    });

    it('counts views once per viewer in 30 minutes, from 3 watched seconds, watch time capped per view', async () => {
      const { a } = await contestWithTwoEntries();
      const view = (viewerKey: string, watchedSeconds: number, minute: number): ContestCommand => ({
        type: 'RecordView',
        receivedAt: at(minute),
        entryId: a,
        viewerKey,
        watchedSeconds,
      });
      await history.runAll([
        view('anon:v1', 40, 10),
        view('anon:v1', 40, 20), // within 30 minutes of the last counted one
        view('anon:v1', 900, 45), // counted again, at most 600 s
        view('anon:v2', 2, 46), // under 3 seconds
      ]);
      await drain();
      expect(await shown(a)).toMatchObject({ views: 2, watchSeconds: 640 });
    });

    it('events it ignores (users, rulesets, rows of other streams) change nothing', async () => {
      const { a } = await contestWithTwoEntries();
      await history.runAll([vote(a, cat, 1, 10), comment(a, dan, 'Cosy', 11)]);
      await drain();
      const before = await viewTables(t.dataSource, projector.tables);

      await history.register('gus', at(12));
      await history.createRuleset(
        'votes-only',
        { scoring: { comments: { weight: 0 } } },
        olga,
        at(13),
      );
      await drain();

      expect(await viewTables(t.dataSource, projector.tables)).toEqual(before);
      const [{ position }] = await t.dataSource.query(
        `SELECT last_position::int AS position FROM projection_checkpoints WHERE projection = $1`,
        [projector.name],
      );
      expect(position).toBe(history.last); // it read them
    });
  });

  // On a log of its own: the rule tests above leave withdrawn entries behind (see below).
  describe('rebuilt from position 0', () => {
    beforeAll(open);
    afterAll(() => t.close());

    it('a rebuild from position 0 equals the live tables', async () => {
      const { contestId, a, b } = await contestWithTwoEntries();
      const c = uuidv7();
      const gone = uuidv7();
      await history.runAll([
        submit(contestId, c, cat, 3),
        vote(a, dan, 1, 10),
        vote(b, dan, -1, 11),
        vote(b, dan, 1, 12),
        vote(c, eve, 1, 13),
        { type: 'RetractVote', receivedAt: at(14), entryId: c, voter: eve },
        comment(b, eve, 'Where is this?', 15, gone),
        comment(b, ann, 'Lovely', 16),
        { type: 'DeleteComment', receivedAt: at(17), commentId: gone, actor: eve },
        {
          type: 'RecordView',
          receivedAt: at(18),
          entryId: a,
          viewerKey: 'anon:w',
          watchedSeconds: 9,
        },
        { type: 'CloseContest', receivedAt: at(20), contestId, actor: olga },
      ]);
      const other = await contestWithTwoEntries();
      await history.runAll([vote(other.b, cat, 1, 10), comment(other.a, dan, 'Neat', 11)]);
      await drain(3);
      const live = await viewTables(t.dataSource, projector.tables);
      expect(live.view_entry_detail).toHaveLength(5);
      expect(live.view_entry_detail_comments).toHaveLength(2);

      expect(await rebuildFromZero(t.dataSource, runner, projector, history.last)).toEqual(live);
    });

    // A withdrawn entry has no rank and no score, and keeps its own counts: written at every
    // rescore of its contest, so the row does not depend on where the batches were cut.
    it('a withdrawn entry reads the same after a rebuild from position 0', async () => {
      const { a, b } = await contestWithTwoEntries();
      await history.runAll([vote(a, cat, 1, 10), vote(a, dan, 1, 11), vote(b, cat, 1, 12)]);
      await drain(2);
      await history.run({ type: 'WithdrawEntry', receivedAt: at(20), entryId: a, actor: ann });
      await drain(2);
      const live = await viewTables(t.dataSource, projector.tables);
      expect(live.view_entry_detail).toContainEqual(
        expect.objectContaining({
          entry_id: a,
          status: 'withdrawn',
          upvotes: 2,
          score: null,
          rank: null,
        }),
      );

      expect(await rebuildFromZero(t.dataSource, runner, projector, history.last)).toEqual(live);
    });
  });
});
