import { ContestTally } from '@contest/ranking-engine';
import { atHours, castVotes, scoringOf, T0, tallyWithEntries, VOTES_ONLY } from '@contest/testing';

const LONG_AGO = new Date('2020-01-01T00:00:00.000Z');

describe('ContestTally votes', () => {
  const rules = scoringOf(VOTES_ONLY);
  const vote = (tally: ContestTally, voterId: string, value: 1 | -1, hours = 0) =>
    tally.castVote({
      entryId: 'e1',
      voterId,
      value,
      at: atHours(hours),
      voterRegisteredAt: LONG_AGO,
    });

  it('counts each voter once, at their latest state (a flip moves the vote)', () => {
    const tally = tallyWithEntries(rules, [{ entryId: 'e1' }]);
    vote(tally, 'v1', 1);
    vote(tally, 'v2', 1);
    vote(tally, 'v1', 1, 1); // re-cast, still one vote
    vote(tally, 'v2', -1, 2); // flip
    const [line] = tally.rank(atHours(3));
    // up = {v1} = 1, down = {v2} = 1, net V = 1 − 1 = 0
    expect(line).toMatchObject({ upvotes: 1, downvotes: 1, score: 0 });
  });

  it('counts nothing for a pair after a retraction, and counts a vote cast again', () => {
    const tally = tallyWithEntries(rules, [{ entryId: 'e1' }]);
    vote(tally, 'v1', 1);
    vote(tally, 'v2', -1);
    tally.retractVote({ entryId: 'e1', voterId: 'v1', at: atHours(1) });
    expect(tally.rank(atHours(1))[0]).toMatchObject({ upvotes: 0, downvotes: 1, score: -1 });
    vote(tally, 'v1', 1, 2);
    // up = 1, down = 1 → 0
    expect(tally.rank(atHours(2))[0]).toMatchObject({ upvotes: 1, downvotes: 1, score: 0 });
  });

  it('treats retracting a pair that has no vote as a no-op', () => {
    const tally = tallyWithEntries(rules, [{ entryId: 'e1' }]);
    tally.retractVote({ entryId: 'e1', voterId: 'nobody', at: T0 });
    expect(tally.rank(T0)[0]).toMatchObject({ upvotes: 0, downvotes: 0, score: 0 });
  });

  it('ignores a voter younger than minVoterAccountAgeHours; exactly that old counts', () => {
    const strict = scoringOf({ ...VOTES_ONLY, eligibility: { minVoterAccountAgeHours: 24 } });
    const tally = tallyWithEntries(strict, [{ entryId: 'e1' }]);
    const cast = (voterId: string, registeredHoursBefore: number, value: 1 | -1 = 1) =>
      tally.castVote({
        entryId: 'e1',
        voterId,
        value,
        at: T0,
        voterRegisteredAt: atHours(-registeredHoursBefore),
      });
    cast('young', 23.999); // 23.999 h < 24 h: ignored
    cast('exact', 24); // 24 h is not younger than 24 h: counts
    cast('old', 100, -1);
    const [line] = tally.rank(T0);
    // up = {exact}, down = {old}: net 0; the young vote is in neither count
    expect(line).toMatchObject({ upvotes: 1, downvotes: 1, score: 0 });
  });

  it("counts a young voter's later cast once the account is old enough", () => {
    const strict = scoringOf({ ...VOTES_ONLY, eligibility: { minVoterAccountAgeHours: 24 } });
    const tally = tallyWithEntries(strict, [{ entryId: 'e1' }]);
    const registered = atHours(-12);
    tally.castVote({
      entryId: 'e1',
      voterId: 'v',
      value: 1,
      at: T0,
      voterRegisteredAt: registered,
    });
    expect(tally.rank(T0)[0].upvotes).toBe(0); // 12 h old at T0
    tally.castVote({
      entryId: 'e1',
      voterId: 'v',
      value: 1,
      at: atHours(12),
      voterRegisteredAt: registered,
    });
    expect(tally.rank(atHours(12))[0].upvotes).toBe(1); // 24 h old at T0 + 12 h
  });

  it('aggregates with wilson: 234 up of 600 at z = 1.96 scores 0.35179', () => {
    const tally = tallyWithEntries(
      scoringOf({ ...VOTES_ONLY, votes: { aggregate: { kind: 'wilson' } } }),
      [{ entryId: 'e1' }],
    );
    castVotes(tally, 'e1', 1, 234);
    castVotes(tally, 'e1', -1, 366);
    // see formulas.spec: (0.39 + 0.00320133 − 0.03915919) / 1.00640267 = 0.351790
    expect(tally.rank(T0)[0]).toMatchObject({ upvotes: 234, downvotes: 366, score: 0.35179 });
  });

  it('aggregates with bayesian and a numeric prior', () => {
    const tally = tallyWithEntries(
      scoringOf({ ...VOTES_ONLY, votes: { aggregate: { kind: 'bayesian', m: 10, prior: 0.5 } } }),
      [{ entryId: 'e1' }],
    );
    castVotes(tally, 'e1', 1, 3);
    castVotes(tally, 'e1', -1, 1);
    // (10·0.5 + 3) / (10 + 4) = 8/14 = 0.5714285… → 0.571429
    expect(tally.rank(T0)[0].score).toBe(0.571429);
  });

  it("aggregates with bayesian and the 'contest' prior over the ranked entries only", () => {
    const tally = tallyWithEntries(
      scoringOf({
        ...VOTES_ONLY,
        votes: { aggregate: { kind: 'bayesian', m: 10, prior: 'contest' } },
      }),
      [{ entryId: 'a' }, { entryId: 'b' }, { entryId: 'gone' }],
    );
    castVotes(tally, 'a', 1, 6);
    castVotes(tally, 'b', 1, 1);
    castVotes(tally, 'b', -1, 1);
    castVotes(tally, 'gone', -1, 5);
    tally.withdrawEntry('gone'); // its 5 downvotes leave the contest prior
    // C = (6 + 1) / (6 + 1 + 0 + 1) = 7/8 = 0.875
    // a: (10·0.875 + 6) / (10 + 6) = 14.75 / 16 = 0.921875
    // b: (10·0.875 + 1) / (10 + 2) = 9.75 / 12 = 0.8125
    expect(tally.rank(T0).map((line) => [line.entryId, line.score])).toEqual([
      ['a', 0.921875],
      ['b', 0.8125],
    ]);
  });

  it("uses 0.5 as the 'contest' prior when nobody has voted", () => {
    const tally = tallyWithEntries(
      scoringOf({ ...VOTES_ONLY, votes: { aggregate: { kind: 'bayesian', prior: 'contest' } } }),
      [{ entryId: 'a' }],
    );
    // (10·0.5 + 0) / (10 + 0) = 0.5
    expect(tally.rank(T0)[0].score).toBe(0.5);
  });

  it('refuses a vote on an entry that was never submitted', () => {
    const tally = new ContestTally(rules);
    expect(() => vote(tally, 'v1', 1)).toThrow('Entry e1 was never submitted');
  });
});
