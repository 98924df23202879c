import { STANDARD_V1, validateRuleset } from '@contest/ranking-engine';

const errorsOf = (input: unknown) => {
  const result = validateRuleset(input);
  if (result.ok) throw new Error('expected the ruleset to be refused');
  return result.errors;
};

const rulesetOf = (input: unknown) => {
  const result = validateRuleset(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ruleset;
};

describe('validateRuleset', () => {
  it('fills every omitted field with its standard-v1 default', () => {
    expect(rulesetOf({})).toEqual(STANDARD_V1);
    expect(rulesetOf({ scoring: { votes: {} } })).toEqual(STANDARD_V1);
    expect(rulesetOf(STANDARD_V1)).toEqual(STANDARD_V1);
  });

  it('defaults the parameters of a chosen aggregate or decay kind', () => {
    const ruleset = rulesetOf({
      scoring: { votes: { aggregate: { kind: 'bayesian' } }, decay: { kind: 'gravity' } },
    });
    expect(ruleset.scoring.votes.aggregate).toEqual({ kind: 'bayesian', m: 10, prior: 0.5 });
    expect(ruleset.scoring.decay).toEqual({ kind: 'gravity', gravity: 1.8, offsetHours: 2 });
    expect(
      rulesetOf({ scoring: { votes: { aggregate: { kind: 'wilson' } } } }).scoring.votes,
    ).toEqual({ weight: 1, aggregate: { kind: 'wilson', z: 1.96 } });
    expect(rulesetOf({ scoring: { decay: { kind: 'exponential' } } }).scoring.decay).toEqual({
      kind: 'exponential',
      halfLifeHours: 24,
    });
  });

  it('accepts the contest prior, a null vote limit, a negative weight and a reordered tieBreak', () => {
    const ruleset = rulesetOf({
      acceptance: { maxVotesPerUserPerContest: null },
      scoring: {
        votes: { weight: -2, aggregate: { kind: 'bayesian', prior: 'contest', m: 3 } },
        tieBreak: ['entryId', 'submittedAt', 'upvotes', 'score'],
      },
    });
    expect(ruleset.acceptance.maxVotesPerUserPerContest).toBeNull();
    expect(ruleset.scoring.votes).toEqual({
      weight: -2,
      aggregate: { kind: 'bayesian', m: 3, prior: 'contest' },
    });
    expect(ruleset.scoring.tieBreak).toEqual(['entryId', 'submittedAt', 'upvotes', 'score']);
  });

  it('reports every problem at once, each with its dotted path', () => {
    expect(
      errorsOf({
        acceptance: { allowDownvotes: 'yes', maxVotesPerUserPerContest: 0, extra: 1 },
        scoring: {
          votes: { weight: Number.NaN, aggregate: { kind: 'wilson', z: -1 } },
          comments: { transform: 'cube' },
          views: { dedupWindowMinutes: -5 },
          watchMinutes: { maxSecondsPerView: 0 },
          decay: { kind: 'exponential', gravity: 2 },
          tieBreak: ['score', 'score', 'bogus'],
          precision: 13,
        },
        foo: 1,
      }),
    ).toEqual([
      { path: 'foo', message: 'unknown field (expected one of acceptance, scoring)' },
      {
        path: 'acceptance.extra',
        message:
          'unknown field (expected one of allowDownvotes, allowSelfVotes, minAccountAgeHoursToVote, maxVotesPerUserPerContest, maxEntriesPerUserPerContest)',
      },
      { path: 'acceptance.allowDownvotes', message: 'must be a boolean (true or false)' },
      {
        path: 'acceptance.maxVotesPerUserPerContest',
        message: 'must be a positive integer or null (no limit)',
      },
      { path: 'scoring.votes.weight', message: 'must be a finite number' },
      { path: 'scoring.votes.aggregate.z', message: 'must be a number > 0' },
      { path: 'scoring.comments.transform', message: 'must be one of identity, log1p, sqrt' },
      { path: 'scoring.views.dedupWindowMinutes', message: 'must be a number ≥ 0' },
      { path: 'scoring.watchMinutes.maxSecondsPerView', message: 'must be a number > 0' },
      {
        path: 'scoring.decay.gravity',
        message: 'unknown field for kind exponential (expected one of kind, halfLifeHours)',
      },
      { path: 'scoring.tieBreak[1]', message: 'duplicate key score; list it once' },
      {
        path: 'scoring.tieBreak[2]',
        message: 'must be one of score, upvotes, submittedAt, entryId',
      },
      {
        path: 'scoring.tieBreak',
        message:
          'must hold each of score, upvotes, submittedAt, entryId exactly once (missing: upvotes, submittedAt, entryId)',
      },
      { path: 'scoring.precision', message: 'must be an integer from 0 to 12' },
    ]);
  });

  it('reports a root that is not an object at the path ""', () => {
    expect(errorsOf(null)).toEqual([{ path: '', message: 'must be an object' }]);
    expect(errorsOf([])).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('reports a section that is not an object, and keeps checking the others', () => {
    expect(errorsOf({ acceptance: 3, scoring: { decay: 'none', eligibility: [] } })).toEqual([
      { path: 'acceptance', message: 'must be an object' },
      { path: 'scoring.eligibility', message: 'must be an object' },
      { path: 'scoring.decay', message: 'must be an object' },
    ]);
  });

  it('refuses unknown kinds and out-of-range variant parameters', () => {
    expect(
      errorsOf({
        scoring: {
          votes: { aggregate: { kind: 'median' } },
          decay: { kind: 'gravity', gravity: -1, offsetHours: Infinity },
        },
      }),
    ).toEqual([
      { path: 'scoring.votes.aggregate.kind', message: 'must be one of net, wilson, bayesian' },
      { path: 'scoring.decay.gravity', message: 'must be a number ≥ 0' },
      { path: 'scoring.decay.offsetHours', message: 'must be a number ≥ 0' },
    ]);
    expect(
      errorsOf({ scoring: { votes: { aggregate: { kind: 'bayesian', m: 0, prior: 1.5 } } } }),
    ).toEqual([
      { path: 'scoring.votes.aggregate.m', message: 'must be a number > 0' },
      {
        path: 'scoring.votes.aggregate.prior',
        message: 'must be a number between 0 and 1, or "contest"',
      },
    ]);
    expect(errorsOf({ scoring: { decay: { kind: 'exponential', halfLifeHours: 0 } } })).toEqual([
      { path: 'scoring.decay.halfLifeHours', message: 'must be a number > 0' },
    ]);
  });

  it('catches a variant parameter given without its kind', () => {
    expect(errorsOf({ scoring: { votes: { aggregate: { z: 2 } } } })).toEqual([
      {
        path: 'scoring.votes.aggregate.z',
        message: 'unknown field for kind net (expected one of kind)',
      },
    ]);
  });

  it('requires integers where counts are meant', () => {
    expect(
      errorsOf({
        acceptance: { maxEntriesPerUserPerContest: 1.5, minAccountAgeHoursToVote: -1 },
        scoring: { precision: 2.5, eligibility: { minVoterAccountAgeHours: '24' } },
      }),
    ).toEqual([
      { path: 'acceptance.minAccountAgeHoursToVote', message: 'must be a number ≥ 0' },
      { path: 'acceptance.maxEntriesPerUserPerContest', message: 'must be a positive integer' },
      { path: 'scoring.eligibility.minVoterAccountAgeHours', message: 'must be a number ≥ 0' },
      { path: 'scoring.precision', message: 'must be an integer from 0 to 12' },
    ]);
  });

  it('requires tieBreak to be an array', () => {
    expect(errorsOf({ scoring: { tieBreak: 'score' } })).toEqual([
      {
        path: 'scoring.tieBreak',
        message:
          'must be an array holding each of score, upvotes, submittedAt, entryId exactly once',
      },
    ]);
  });
});
