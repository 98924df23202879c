import { atHours, castVotes, scoringOf, T0, tallyWithEntries, VOTES_ONLY } from '@contest/testing';

describe('ContestTally exponential decay', () => {
  const exponential = { kind: 'exponential', halfLifeHours: 24 };

  it('makes a vote contribute 0.5 after one half-life and 0.25 after two', () => {
    const tally = tallyWithEntries(scoringOf({ ...VOTES_ONLY, decay: exponential }), [
      { entryId: 'e1' },
    ]);
    castVotes(tally, 'e1', 1, 1, T0);
    // 2^(−24/24) = 0.5, 2^(−48/24) = 0.25; the displayed upvotes stay undecayed
    expect(tally.rank(atHours(24))[0]).toMatchObject({ score: 0.5, upvotes: 1 });
    expect(tally.rank(atHours(48))[0]).toMatchObject({ score: 0.25, upvotes: 1 });
  });

  it("decays a vote from its latest cast, and a downvote's weight too", () => {
    const tally = tallyWithEntries(scoringOf({ ...VOTES_ONLY, decay: exponential }), [
      { entryId: 'e1' },
    ]);
    castVotes(tally, 'e1', 1, 1, T0, 'v');
    castVotes(tally, 'e1', 1, 1, atHours(24), 'v'); // the same voter again, a day later
    castVotes(tally, 'e1', -1, 1, T0, 'w');
    // at 48 h: up = 2^(−24/24) = 0.5, down = 2^(−48/24) = 0.25; net = 0.25
    expect(tally.rank(atHours(48))[0]).toMatchObject({ score: 0.25, upvotes: 1, downvotes: 1 });
  });

  it('decays comments; a distinct author weighs from their latest live comment', () => {
    const rules = scoringOf({
      ...VOTES_ONLY,
      comments: { weight: 1, transform: 'identity', distinctAuthors: true },
      decay: exponential,
    });
    const tally = tallyWithEntries(rules, [{ entryId: 'e1', authorId: 'alice' }]);
    tally.addComment({ commentId: 'c1', entryId: 'e1', authorId: 'bob', at: T0 });
    tally.addComment({ commentId: 'c2', entryId: 'e1', authorId: 'bob', at: atHours(24) });
    tally.addComment({ commentId: 'c3', entryId: 'e1', authorId: 'carol', at: T0 });
    // at 48 h: bob at his latest (24 h old) = 0.5, carol (48 h old) = 0.25 → 0.75
    expect(tally.rank(atHours(48))[0]).toMatchObject({ score: 0.75, comments: 2 });
    tally.deleteComment('c2'); // bob's latest live comment is now c1, 48 h old: 0.25
    expect(tally.rank(atHours(48))[0]).toMatchObject({ score: 0.5, comments: 2 });
  });

  it('decays every comment separately without distinctAuthors', () => {
    const rules = scoringOf({
      ...VOTES_ONLY,
      comments: { weight: 1, transform: 'identity', distinctAuthors: false },
      decay: exponential,
    });
    const tally = tallyWithEntries(rules, [{ entryId: 'e1', authorId: 'alice' }]);
    tally.addComment({ commentId: 'c1', entryId: 'e1', authorId: 'bob', at: T0 });
    tally.addComment({ commentId: 'c2', entryId: 'e1', authorId: 'bob', at: atHours(24) });
    tally.addComment({ commentId: 'c3', entryId: 'e1', authorId: 'alice', at: atHours(48) });
    // at 48 h: 0.25 + 0.5 = 0.75; alice wrote the entry and is excluded
    expect(tally.rank(atHours(48))[0]).toMatchObject({ score: 0.75, comments: 2 });
  });

  it('decays views and watch minutes', () => {
    const rules = scoringOf({
      votes: { weight: 0 },
      comments: { weight: 0 },
      views: { weight: 1, transform: 'identity' },
      watchMinutes: { weight: 1, transform: 'identity' },
      decay: exponential,
    });
    const tally = tallyWithEntries(rules, [{ entryId: 'e1' }]);
    tally.recordView({ entryId: 'e1', viewerKey: 'a', watchedSeconds: 120, at: T0 });
    tally.recordView({ entryId: 'e1', viewerKey: 'b', watchedSeconds: 900, at: atHours(24) });
    // at 48 h: views = 0.25 + 0.5 = 0.75
    // watch minutes = (0.25 · 120 + 0.5 · min(900, 600)) / 60 = (30 + 300) / 60 = 5.5
    expect(tally.rank(atHours(48))[0]).toMatchObject({
      score: 6.25,
      views: 2,
      watchSeconds: 720,
    });
  });

  it('decays the contest-wide prior of a bayesian aggregate with the same sums', () => {
    const rules = scoringOf({
      ...VOTES_ONLY,
      votes: { aggregate: { kind: 'bayesian', m: 1, prior: 'contest' } },
      decay: exponential,
    });
    const tally = tallyWithEntries(rules, [{ entryId: 'a' }, { entryId: 'b' }]);
    castVotes(tally, 'a', 1, 1, T0); // 24 h old at asOf: 0.5
    castVotes(tally, 'b', -1, 1, atHours(24)); // fresh at asOf: 1
    // C = 0.5 / (0.5 + 1) = 1/3
    // a: (1 · 1/3 + 0.5) / (1 + 0.5) = (5/6) / 1.5 = 0.555556
    // b: (1 · 1/3 + 0) / (1 + 1) = 1/6 = 0.166667
    expect(tally.rank(atHours(24)).map((line) => [line.entryId, line.score])).toEqual([
      ['a', 0.555556],
      ['b', 0.166667],
    ]);
  });
});

describe('ContestTally gravity', () => {
  it('divides the score by (ageHours + offsetHours)^gravity', () => {
    const rules = scoringOf({
      ...VOTES_ONLY,
      decay: { kind: 'gravity', gravity: 2, offsetHours: 2 },
    });
    const tally = tallyWithEntries(rules, [{ entryId: 'e1', submittedAt: T0 }]);
    castVotes(tally, 'e1', 1, 10, T0);
    // 10 / (2 + 2)^2 = 10 / 16 = 0.625; the counts are not decayed
    expect(tally.rank(atHours(2))[0]).toMatchObject({ score: 0.625, upvotes: 10 });
    // 10 / (6 + 2)^2 = 10 / 64 = 0.15625
    expect(tally.rank(atHours(6))[0].score).toBe(0.15625);
  });

  it('uses the standard gravity 1.8 and offset 2 when only the kind is given', () => {
    const rules = scoringOf({ ...VOTES_ONLY, decay: { kind: 'gravity' } });
    const tally = tallyWithEntries(rules, [{ entryId: 'e1', submittedAt: T0 }]);
    castVotes(tally, 'e1', 1, 10, T0);
    // 10 / (2 + 2)^1.8 = 10 / 2^3.6 = 10 / 12.1257325 = 0.824692
    expect(tally.rank(atHours(2))[0].score).toBe(0.824692);
  });

  it('ages each entry from its own submission', () => {
    const rules = scoringOf({
      ...VOTES_ONLY,
      decay: { kind: 'gravity', gravity: 1, offsetHours: 0 },
    });
    const tally = tallyWithEntries(rules, [
      { entryId: 'old', submittedAt: T0 },
      { entryId: 'new', submittedAt: atHours(4) },
    ]);
    castVotes(tally, 'old', 1, 3, atHours(4));
    castVotes(tally, 'new', 1, 1, atHours(4));
    // at 6 h: old = 3 / 6 = 0.5, new = 1 / 2 = 0.5; equal scores, old has more upvotes
    expect(tally.rank(atHours(6)).map((line) => [line.entryId, line.score])).toEqual([
      ['old', 0.5],
      ['new', 0.5],
    ]);
  });
});
