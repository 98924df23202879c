import { ContestCommand } from '@contest/domain';
import {
  ContestHistory,
  drainHistory,
  historyAt,
  MINUTES_PER_DAY,
  HistoryUser,
  openTestDataSource,
  rebuildFromZero,
  TestDataSource,
  viewTables,
} from '@contest/testing';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { BUILTIN_RULESETS, DEFAULT_RULESET_ID } from '../../rulesets/builtin-rulesets';
import { ProjectionRunner } from '../runtime/projection-runner';
import { EntryCommentsReader } from './entry-comments.reader';
import { EntryCommentsProjector } from './entry-comments.projector';

/** Every command is in the past, every contest still open. */
const at = historyAt;
const DAY = MINUTES_PER_DAY;

describe('entry-comments projector (Postgres)', () => {
  let t: TestDataSource;
  let runner: ProjectionRunner;
  let reader: EntryCommentsReader;
  let history: ContestHistory;
  const projector = new EntryCommentsProjector();
  let olga: HistoryUser; // owns the contests
  let ann: HistoryUser;
  let ben: HistoryUser;
  let mod: HistoryUser;

  beforeAll(async () => {
    t = await openTestDataSource();
    runner = new ProjectionRunner(t.dataSource);
    reader = new EntryCommentsReader(t.dataSource);
    history = new ContestHistory(t.dataSource, BUILTIN_RULESETS);
    olga = await history.register('olga', at(-30 * DAY));
    ann = await history.register('ann', at(-30 * DAY));
    ben = await history.register('ben', at(-30 * DAY));
    mod = await history.register('mona', at(-30 * DAY), ['user', 'moderator']);
  });
  afterAll(() => t.close());

  const drain = (batchSize = 2) => drainHistory(history, runner, projector, batchSize);

  /** What GET /entries/:id/comments shows: the newest first. */
  const shown = async (entryId: string) =>
    (await reader.page(entryId, null, 50)).items.map((c) => [c.authorName, c.body]);

  /** A contest with one entry by ann and one by ben; returns the entry ids. */
  async function contestWithTwoEntries(): Promise<{ contestId: string; a: string; b: string }> {
    const contestId = uuidv7();
    const a = uuidv7();
    const b = uuidv7();
    await history.runAll([
      {
        type: 'CreateContest',
        receivedAt: at(0),
        contestId,
        owner: olga,
        title: 'Night skies',
        description: 'Timelapses after dark',
        category: 'nature',
        submissionsCloseAt: at(2 * DAY),
        votingOpensAt: null,
        votingClosesAt: at(5 * DAY),
        rulesetId: DEFAULT_RULESET_ID,
      },
      entry(contestId, a, ann, 'Milky Way', at(1)),
      entry(contestId, b, ben, 'Aurora', at(2)),
    ]);
    return { contestId, a, b };
  }

  const entry = (
    contestId: string,
    entryId: string,
    author: HistoryUser,
    title: string,
    receivedAt: Date,
  ): ContestCommand => ({
    type: 'SubmitEntry',
    receivedAt,
    entryId,
    contestId,
    author,
    title,
    videoUrl: `https://videos.example.com/${entryId}.mp4`,
    description: `${title}, shot on a phone`,
  });

  const comment = (
    entryId: string,
    author: HistoryUser,
    body: string,
    receivedAt: Date,
    commentId = uuidv7(),
  ): ContestCommand => ({
    type: 'AddComment',
    receivedAt,
    commentId,
    entryId,
    author,
    body,
  });

  it("lists an entry's comments newest first, with their authors, apart from other entries'", async () => {
    const { a, b } = await contestWithTwoEntries();
    const first = uuidv7();
    await history.runAll([
      comment(a, ben, 'Lovely colours', at(10), first),
      comment(b, ann, 'How long was the exposure?', at(11)),
      comment(a, olga, 'Thanks for entering', at(12)),
      comment(a, ann, 'Shot at 2 am', at(13)),
    ]);
    await drain();

    expect(await shown(a)).toEqual([
      ['Ann', 'Shot at 2 am'],
      ['Olga', 'Thanks for entering'],
      ['Ben', 'Lovely colours'],
    ]);
    expect(await shown(b)).toEqual([['Ann', 'How long was the exposure?']]);
    const [row] = await t.dataSource.query(
      `SELECT entry_id, author_id, created_at, position FROM view_entry_comments WHERE comment_id = $1`,
      [first],
    );
    expect(row).toEqual({
      entry_id: a,
      author_id: ben.userId,
      created_at: at(10),
      position: expect.any(String),
    });
  });

  it('a deleted comment disappears, by its author or by a moderator; the others stay', async () => {
    const { a } = await contestWithTwoEntries();
    const byBen = uuidv7();
    const byAnn = uuidv7();
    await history.runAll([
      comment(a, ben, 'First!', at(20), byBen),
      comment(a, ann, 'Behind the scenes soon', at(21)),
      comment(a, ann, 'Buy followers here', at(22), byAnn),
    ]);
    await drain();
    expect(await shown(a)).toHaveLength(3);

    await history.runAll([
      { type: 'DeleteComment', receivedAt: at(23), commentId: byBen, actor: ben },
      { type: 'DeleteComment', receivedAt: at(24), commentId: byAnn, actor: mod },
    ]);
    await drain();
    expect(await shown(a)).toEqual([['Ann', 'Behind the scenes soon']]);
  });

  it('a comment added and deleted within one batch leaves nothing behind', async () => {
    const { a } = await contestWithTwoEntries();
    await drain();
    const fleeting = uuidv7();
    await history.runAll([
      comment(a, ben, 'oops, wrong entry', at(30), fleeting),
      { type: 'DeleteComment', receivedAt: at(31), commentId: fleeting, actor: ben },
      comment(a, ben, 'Great framing', at(32)),
    ]);
    await drain(100);
    expect(await shown(a)).toEqual([['Ben', 'Great framing']]);
  });

  it('events it ignores (entries, votes, views, closing, users) change nothing', async () => {
    const { contestId, a, b } = await contestWithTwoEntries();
    await history.run(comment(a, ben, 'Nice', at(40)));
    await drain();
    const before = await viewTables(t.dataSource, projector.tables);

    await history.register('carl', at(41));
    await history.runAll([
      { type: 'CastVote', receivedAt: at(42), entryId: a, voter: ben, value: 1 },
      { type: 'CastVote', receivedAt: at(43), entryId: b, voter: ann, value: -1 },
      { type: 'RetractVote', receivedAt: at(44), entryId: b, voter: ann },
      {
        type: 'RecordView',
        receivedAt: at(45),
        entryId: a,
        viewerKey: 'anon:v1',
        watchedSeconds: 40,
      },
      { type: 'WithdrawEntry', receivedAt: at(46), entryId: b, actor: ben },
      { type: 'CloseContest', receivedAt: at(47), contestId, actor: olga },
    ]);
    await drain();

    expect(await viewTables(t.dataSource, projector.tables)).toEqual(before);
    const [{ position }] = await t.dataSource.query(
      `SELECT last_position::int AS position FROM projection_checkpoints WHERE projection = $1`,
      [projector.name],
    );
    expect(position).toBe(history.last); // it read them
  });

  it('a rebuild from position 0 equals the live tables', async () => {
    const { a, b } = await contestWithTwoEntries();
    const gone = uuidv7();
    await history.runAll([
      comment(a, ann, 'One', at(50)),
      comment(b, ben, 'Two', at(51), gone),
      comment(a, olga, 'Three', at(52)),
      { type: 'DeleteComment', receivedAt: at(53), commentId: gone, actor: mod },
      comment(b, ann, 'Four', at(54)),
    ]);
    await drain(3);
    const live = await viewTables(t.dataSource, projector.tables);
    expect(live.view_entry_comments.length).toBeGreaterThan(5); // this test's and the others'

    expect(await rebuildFromZero(t.dataSource, runner, projector, history.last)).toEqual(live);
  });
});
