import { atMinutes, castVotes, tallyWithEntries } from '@contest/testing';
import { STANDARD_V1 } from './ruleset';

describe('withdrawn entries', () => {
  it('given votes on two entries, when one is withdrawn, then it leaves the ranking and keeps its own counts', () => {
    const tally = tallyWithEntries(STANDARD_V1.scoring, [{ entryId: 'a' }, { entryId: 'b' }]);
    castVotes(tally, 'a', 1, 3);
    castVotes(tally, 'a', -1, 1);
    castVotes(tally, 'b', 1, 1);
    tally.withdrawEntry('a');

    expect(tally.rank(atMinutes(10)).map((line) => line.entryId)).toEqual(['b']);
    expect(tally.withdrawnEntries()).toEqual([
      { entryId: 'a', upvotes: 3, downvotes: 1, comments: 0, views: 0, watchSeconds: 0 },
    ]);
  });

  it('given no withdrawal, then no entry is listed as withdrawn', () => {
    const tally = tallyWithEntries(STANDARD_V1.scoring, [{ entryId: 'a' }]);
    expect(tally.withdrawnEntries()).toEqual([]);
  });
});
