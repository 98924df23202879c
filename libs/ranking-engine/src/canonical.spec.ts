import { canonicalJson, rulesetHash, STANDARD_V1, validateRuleset } from '@contest/ranking-engine';

const validated = (input: unknown) => {
  const result = validateRuleset(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ruleset;
};

/** Rebuilds every object with its keys in reverse insertion order. */
const reverseKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).reverse();
    return Object.fromEntries(entries.map(([key, child]) => [key, reverseKeys(child)]));
  }
  return value;
};

describe('canonical form and hash', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson(STANDARD_V1)).toBe(
      '{"acceptance":{"allowDownvotes":true,"allowSelfVotes":false,' +
        '"maxEntriesPerUserPerContest":1,"maxVotesPerUserPerContest":null,' +
        '"minAccountAgeHoursToVote":0},"scoring":{"comments":{"distinctAuthors":true,' +
        '"excludeEntryAuthor":true,"transform":"log1p","weight":0.5},"decay":{"kind":"none"},' +
        '"eligibility":{"minVoterAccountAgeHours":0},"precision":6,' +
        '"tieBreak":["score","upvotes","submittedAt","entryId"],' +
        '"views":{"dedupWindowMinutes":30,"minWatchSeconds":3,"transform":"log1p","weight":0.1},' +
        '"votes":{"aggregate":{"kind":"net"},"weight":1},' +
        '"watchMinutes":{"maxSecondsPerView":600,"transform":"identity","weight":0}}}',
    );
  });

  it('hashes to lowercase hex SHA-256', () => {
    expect(rulesetHash(STANDARD_V1)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash whatever the order of the keys', () => {
    const reordered = validated(reverseKeys(STANDARD_V1));
    expect(rulesetHash(reverseKeys(STANDARD_V1) as typeof STANDARD_V1)).toBe(
      rulesetHash(STANDARD_V1),
    );
    expect(rulesetHash(reordered)).toBe(rulesetHash(STANDARD_V1));
  });

  it('gives the same hash with defaults omitted or written out', () => {
    const terse = validated({ scoring: { decay: { kind: 'exponential' } } });
    const verbose = validated({
      acceptance: STANDARD_V1.acceptance,
      scoring: { ...STANDARD_V1.scoring, decay: { kind: 'exponential', halfLifeHours: 24 } },
    });
    expect(rulesetHash(terse)).toBe(rulesetHash(verbose));
    expect(rulesetHash(validated({}))).toBe(rulesetHash(STANDARD_V1));
  });

  it('gives a different hash to a different ruleset, tieBreak order included', () => {
    const reordered = validated({
      scoring: { tieBreak: ['upvotes', 'score', 'submittedAt', 'entryId'] },
    });
    const lighter = validated({ scoring: { views: { weight: 0.2 } } });
    expect(rulesetHash(reordered)).not.toBe(rulesetHash(STANDARD_V1));
    expect(rulesetHash(lighter)).not.toBe(rulesetHash(STANDARD_V1));
  });
});
