import { decideRuleset, RulesetRecord, STANDARD_ACCEPTANCE } from '@contest/domain';

const ruleset: RulesetRecord = {
  rulesetId: 'r1',
  name: 'strict',
  hash: 'abc',
  acceptance: STANDARD_ACCEPTANCE,
  scoring: {},
};
const create = {
  type: 'CreateRuleset',
  receivedAt: new Date('2026-01-01T00:00:00Z'),
  ruleset,
  createdBy: 'admin',
} as const;

describe('ruleset decider', () => {
  it('stores a new ruleset', () => {
    expect(decideRuleset(create, { idsByHash: new Map() })).toEqual({
      status: 'accepted',
      events: [
        {
          type: 'RulesetCreated',
          ruleset,
          createdBy: 'admin',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    });
  });

  it('treats the same definition (same hash) as the same ruleset: nothing new is stored', () => {
    expect(decideRuleset(create, { idsByHash: new Map([['abc', 'r0']]) })).toEqual({
      status: 'accepted',
      events: [],
    });
  });
});
