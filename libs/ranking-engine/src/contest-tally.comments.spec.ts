import { ContestTally } from '@contest/ranking-engine';
import { atMinutes, scoringOf, T0, tallyWithEntries } from '@contest/testing';

describe('ContestTally comments', () => {
  const setup = (distinctAuthors: boolean, excludeEntryAuthor: boolean): ContestTally => {
    const rules = scoringOf({
      votes: { weight: 0 },
      views: { weight: 0 },
      comments: { weight: 1, transform: 'identity', distinctAuthors, excludeEntryAuthor },
    });
    const tally = tallyWithEntries(rules, [{ entryId: 'e1', authorId: 'alice' }]);
    const comment = (commentId: string, authorId: string, minute: number) =>
      tally.addComment({ commentId, entryId: 'e1', authorId, at: atMinutes(minute) });
    comment('c1', 'bob', 1);
    comment('c2', 'bob', 2);
    comment('c3', 'carol', 3);
    comment('c4', 'alice', 4); // the entry's author
    return tally;
  };
  const counted = (tally: ContestTally) => tally.rank(atMinutes(10))[0].comments;

  it('with distinctAuthors and excludeEntryAuthor counts each other author once', () => {
    // bob (c1, c2) + carol (c3) = 2; alice wrote the entry
    expect(counted(setup(true, true))).toBe(2);
  });

  it('with distinctAuthors alone counts the entry author too', () => {
    expect(counted(setup(true, false))).toBe(3); // bob, carol, alice
  });

  it('with excludeEntryAuthor alone counts every other comment', () => {
    expect(counted(setup(false, true))).toBe(3); // c1, c2, c3
  });

  it('with neither counts every live comment', () => {
    expect(counted(setup(false, false))).toBe(4);
  });

  it('stops counting a deleted comment, and an author once all their comments are gone', () => {
    const tally = setup(true, true);
    tally.deleteComment('c3'); // carol gone: bob = 1
    expect(counted(tally)).toBe(1);
    tally.deleteComment('c1'); // bob still has c2
    expect(counted(tally)).toBe(1);
    tally.deleteComment('c2');
    expect(counted(tally)).toBe(0);
    tally.deleteComment('c2'); // deleting again changes nothing
    expect(counted(tally)).toBe(0);
  });

  it('weighs the count through the transform: 0.5 · ln(1 + 2) with the defaults', () => {
    const tally = tallyWithEntries(scoringOf({ votes: { weight: 0 } }), [
      { entryId: 'e1', authorId: 'alice' },
    ]);
    for (const [commentId, authorId] of [
      ['c1', 'bob'],
      ['c2', 'bob'],
      ['c3', 'carol'],
      ['c4', 'alice'],
    ]) {
      tally.addComment({ commentId, entryId: 'e1', authorId, at: T0 });
    }
    // standard-v1: distinct, excluding alice → 2; 0.5 · ln 3 = 0.5 · 1.0986123 = 0.549306
    expect(tally.rank(T0)[0]).toMatchObject({ comments: 2, score: 0.549306 });
  });

  it('refuses a comment id used twice', () => {
    const tally = setup(true, true);
    expect(() =>
      tally.addComment({ commentId: 'c1', entryId: 'e1', authorId: 'bob', at: T0 }),
    ).toThrow('Comment c1 was already added');
  });
});
