import fc from 'fast-check';
import { ContestTally, RankedEntry, ScoringRules } from '@contest/ranking-engine';
import { atMinutes, scoringOf } from '@contest/testing';

/** A random contest fact, tagged with its entry and the minute it was received. */
type Fact = { entry: number; minute: number } & (
  | { kind: 'vote'; voter: number; value: 1 | -1 }
  | { kind: 'retract'; voter: number }
  | { kind: 'comment'; author: number }
  | { kind: 'deleteComment'; nth: number }
  | { kind: 'view'; viewer: number; seconds: number }
);
/** Omit applied to each member of the union, so `kind` still tells the members apart. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Untimed = OmitEach<Fact, 'minute'>;

const ENTRY_COUNT = 5;
const entry = fc.integer({ min: 0, max: ENTRY_COUNT - 1 });
const person = fc.integer({ min: 0, max: 5 });
const untimedFact: fc.Arbitrary<Untimed> = fc.oneof(
  fc.record({
    kind: fc.constant('vote' as const),
    entry,
    voter: person,
    value: fc.constantFrom<1 | -1>(1, -1),
  }),
  fc.record({ kind: fc.constant('retract' as const), entry, voter: person }),
  fc.record({ kind: fc.constant('comment' as const), entry, author: person }),
  fc.record({ kind: fc.constant('deleteComment' as const), entry, nth: fc.nat(4) }),
  fc.record({
    kind: fc.constant('view' as const),
    entry,
    viewer: person,
    seconds: fc.double({ min: 0, max: 900, noNaN: true }),
  }),
);
/** 7-minute steps in log order exercise the 30-minute dedup window and a 1-hour half-life. */
const factsArb = fc
  .array(untimedFact, { maxLength: 80 })
  .map((facts) => facts.map((fact, position) => ({ ...fact, minute: 2 + position * 7 }) as Fact));

const RULESETS: ScoringRules[] = [
  scoringOf({}),
  scoringOf({
    votes: { aggregate: { kind: 'bayesian', prior: 'contest' } },
    watchMinutes: { weight: 0.3, transform: 'sqrt' },
    decay: { kind: 'exponential', halfLifeHours: 1 },
    precision: 12,
  }),
  scoringOf({
    votes: { aggregate: { kind: 'wilson' } },
    comments: { distinctAuthors: false, transform: 'sqrt' },
    decay: { kind: 'gravity' },
    tieBreak: ['upvotes', 'score', 'entryId', 'submittedAt'],
  }),
];
const rulesArb = fc.constantFrom(...RULESETS);

const entryId = (index: number) => `entry-${index}`;
const IDENTITY_ORDER = Array.from({ length: ENTRY_COUNT }, (_, index) => index);
const permutationOf = <T>(items: readonly T[]) =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

function feed(tally: ContestTally, facts: readonly Fact[], entryOrder: readonly number[]): void {
  for (const index of entryOrder) {
    tally.submitEntry({
      entryId: entryId(index),
      authorId: `p${index}`,
      title: `T${index}`,
      authorName: `N${index}`,
      submittedAt: atMinutes(index % 2), // pairs of entries share a submission time
    });
  }
  const commentsByEntry = new Map<number, string[]>();
  for (const fact of facts) {
    const id = entryId(fact.entry);
    const at = atMinutes(fact.minute);
    switch (fact.kind) {
      case 'vote':
        tally.castVote({
          entryId: id,
          voterId: `p${fact.voter}`,
          value: fact.value,
          at,
          voterRegisteredAt: atMinutes(-60),
        });
        break;
      case 'retract':
        tally.retractVote({ entryId: id, voterId: `p${fact.voter}`, at });
        break;
      case 'comment': {
        const comments = commentsByEntry.get(fact.entry) ?? [];
        const commentId = `${id}-comment-${comments.length}`;
        commentsByEntry.set(fact.entry, [...comments, commentId]);
        tally.addComment({ commentId, entryId: id, authorId: `p${fact.author}`, at });
        break;
      }
      case 'deleteComment':
        tally.deleteComment(commentsByEntry.get(fact.entry)?.[fact.nth] ?? 'none');
        break;
      case 'view':
        tally.recordView({
          entryId: id,
          viewerKey: `p${fact.viewer}`,
          watchedSeconds: fact.seconds,
          at,
        });
        break;
    }
  }
}

const ASOF = atMinutes(2 + 80 * 7);

function standings(
  rules: ScoringRules,
  facts: readonly Fact[],
  order: readonly number[] = IDENTITY_ORDER,
): RankedEntry[] {
  const tally = new ContestTally(rules);
  feed(tally, facts, order);
  return tally.rank(ASOF);
}

describe('ContestTally properties', () => {
  it('ranks the same whatever the order the entries were submitted in', () => {
    fc.assert(
      fc.property(rulesArb, factsArb, permutationOf(IDENTITY_ORDER), (rules, facts, order) => {
        expect(standings(rules, facts, order)).toEqual(standings(rules, facts));
      }),
      { numRuns: 200 },
    );
  });

  it("ranks the same for any interleaving that keeps each entry's facts in order", () => {
    // Each fact keeps its time; only how the per-entry streams are merged changes.
    const interleave = (facts: readonly Fact[], picks: readonly number[]): Fact[] => {
      const queues = IDENTITY_ORDER.map((index) => facts.filter((fact) => fact.entry === index));
      const merged: Fact[] = [];
      for (const pick of picks) {
        const open = queues.filter((queue) => queue.length > 0);
        if (open.length > 0) merged.push(open[pick % open.length].shift() as Fact);
      }
      return merged.concat(...queues);
    };
    fc.assert(
      fc.property(
        rulesArb,
        factsArb,
        fc.array(fc.nat(ENTRY_COUNT - 1), { maxLength: 80 }),
        (rules, facts, picks) => {
          expect(standings(rules, interleave(facts, picks))).toEqual(standings(rules, facts));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ranks the same bits for any order of the same final votes (sums ignore storage order)', () => {
    // Distinct (entry, voter) pairs, so any order yields the same live state, stored in a
    // different order: under decay and a contest prior, the sums must still agree bit for bit.
    const pairs = fc.uniqueArray(
      fc.record({
        entry,
        voter: fc.integer({ min: 0, max: 40 }),
        value: fc.constantFrom<1 | -1>(1, -1),
        minute: fc.integer({ min: 0, max: 600 }),
      }),
      { selector: (pair) => `${pair.entry}/${pair.voter}`, maxLength: 60 },
    );
    const votesAndPermutation = pairs.chain((votes) =>
      fc.tuple(fc.constant(votes), permutationOf(votes)),
    );
    fc.assert(
      fc.property(rulesArb, votesAndPermutation, (rules, [votes, permuted]) => {
        const asFacts = (list: typeof votes): Fact[] =>
          list.map((vote) => ({ kind: 'vote', ...vote }));
        expect(standings(rules, asFacts(permuted))).toEqual(standings(rules, asFacts(votes)));
      }),
      { numRuns: 200 },
    );
  });

  it('numbers ranks 1..N in the order of the tie-break (a total order)', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const lines = standings(RULESETS[0], facts);
        expect(lines.map((line) => line.rank)).toEqual([1, 2, 3, 4, 5]);
        for (let i = 1; i < lines.length; i++) {
          const [a, b] = [lines[i - 1], lines[i]];
          const [aAt, bAt] = [a.submittedAt.getTime(), b.submittedAt.getTime()];
          const before =
            a.score > b.score ||
            (a.score === b.score &&
              (a.upvotes > b.upvotes ||
                (a.upvotes === b.upvotes &&
                  (aAt < bAt || (aAt === bAt && a.entryId < b.entryId)))));
          expect(before).toBe(true);
        }
      }),
    );
  });
});
