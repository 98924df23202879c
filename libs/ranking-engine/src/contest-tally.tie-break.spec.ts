import { ContestTally, TieBreakKey } from '@contest/ranking-engine';
import { atMinutes, castVotes, scoringOf, T0, tallyWithEntries } from '@contest/testing';

/**
 * precision 1, net votes, a tiny comment weight. Scores:
 *   a: 2 up 1 down → 1.0     (submitted minute 3)
 *   b: 1 up        → 1.0     (minute 1)
 *   c: 1 up        → 1.0     (minute 2)
 *   d: 1 up        → 1.0     (minute 2, same time as c)
 *   e: 1 up + 1 comment → 1 + 0.01 · ln 2 = 1.0069 → 1.0 displayed (minute 4)
 *   f: 3 up        → 3.0     (minute 5)
 */
function standings(tieBreak?: readonly TieBreakKey[]): string[] {
  const rules = scoringOf({
    comments: { weight: 0.01 },
    views: { weight: 0 },
    precision: 1,
    ...(tieBreak === undefined ? {} : { tieBreak }),
  });
  const minutes: Record<string, number> = { a: 3, b: 1, c: 2, d: 2, e: 4, f: 5 };
  const tally: ContestTally = tallyWithEntries(
    rules,
    Object.entries(minutes).map(([entryId, minute]) => ({
      entryId,
      submittedAt: atMinutes(minute),
    })),
  );
  castVotes(tally, 'a', 1, 2);
  castVotes(tally, 'a', -1, 1);
  for (const id of ['b', 'c', 'd', 'e']) castVotes(tally, id, 1, 1);
  castVotes(tally, 'f', 1, 3);
  tally.addComment({ commentId: 'c1', entryId: 'e', authorId: 'someone', at: T0 });
  const lines = tally.rank(atMinutes(10));
  expect(lines.map((line) => line.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  return lines.map((line) => line.entryId);
}

describe('ContestTally tie-break', () => {
  it('orders by score desc, upvotes desc, submittedAt asc, entryId asc by default', () => {
    // f (3.0); a (1.0, 2 up); then 1 up each by time: b, c|d by id, e
    expect(standings()).toEqual(['f', 'a', 'b', 'c', 'd', 'e']);
  });

  it('compares the rounded score, so 1.0069 ties with 1.0 and falls to the next key', () => {
    // e's raw score is the highest of the 1.0 group, yet it is submitted last
    expect(standings().indexOf('e')).toBe(5);
  });

  it('follows a reordered tieBreak: submittedAt before upvotes', () => {
    // score first: f; then 1.0 group by time: b (1), c (2), d (2, id), a (3), e (4)
    expect(standings(['score', 'submittedAt', 'upvotes', 'entryId'])).toEqual([
      'f',
      'b',
      'c',
      'd',
      'a',
      'e',
    ]);
  });

  it('follows a tieBreak that puts entryId first', () => {
    expect(standings(['entryId', 'score', 'upvotes', 'submittedAt'])).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
  });

  it('follows a tieBreak that puts submittedAt first', () => {
    // minute 1: b; minute 2: c, d (same score and upvotes → id); 3: a; 4: e; 5: f
    expect(standings(['submittedAt', 'score', 'upvotes', 'entryId'])).toEqual([
      'b',
      'c',
      'd',
      'a',
      'e',
      'f',
    ]);
  });
});

describe('ContestTally withdrawn entries', () => {
  it('does not rank a withdrawn entry and renumbers the others', () => {
    const tally = tallyWithEntries(scoringOf({}), [
      { entryId: 'a' },
      { entryId: 'b' },
      { entryId: 'c' },
    ]);
    castVotes(tally, 'a', 1, 3);
    castVotes(tally, 'b', 1, 2);
    castVotes(tally, 'c', 1, 1);
    tally.withdrawEntry('a');
    expect(tally.rank(T0).map((line) => [line.rank, line.entryId])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
    expect(tally.entryIds()).toEqual(['b', 'c']);
    expect(tally.contestTotals()).toMatchObject({ entries: 2, upvotes: 3 });
  });

  it('returns every field of a ranked line', () => {
    const tally = tallyWithEntries(scoringOf({}), [{ entryId: 'a', submittedAt: T0 }]);
    expect(tally.rank(T0)).toEqual([
      {
        rank: 1,
        entryId: 'a',
        title: 'Title a',
        authorId: 'author-of-a',
        authorName: 'Name a',
        submittedAt: T0,
        score: 0,
        upvotes: 0,
        downvotes: 0,
        comments: 0,
        views: 0,
        watchSeconds: 0,
      },
    ]);
  });

  it('refuses an entry submitted twice', () => {
    const tally = tallyWithEntries(scoringOf({}), [{ entryId: 'a' }]);
    expect(() => tallyWithEntries(scoringOf({}), [{ entryId: 'a' }, { entryId: 'a' }])).toThrow(
      'Entry a was already submitted',
    );
    expect(tally.entryIds()).toEqual(['a']);
  });
});
