import { TieBreakKey } from './ruleset';

/** What the tie-break compares; `score` is the rounded score, as displayed. */
export interface Comparable {
  readonly entryId: string;
  readonly score: number;
  readonly upvotes: number;
  readonly submittedAtMs: number;
}

// Comparisons rather than subtraction: a difference of two large scores could overflow.
const ascending = <T extends number | string>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

const BY_KEY: Record<TieBreakKey, (a: Comparable, b: Comparable) => number> = {
  score: (a, b) => ascending(b.score, a.score),
  upvotes: (a, b) => ascending(b.upvotes, a.upvotes),
  submittedAt: (a, b) => ascending(a.submittedAtMs, b.submittedAtMs),
  // Code-unit order, not localeCompare: a locale must not change the standings.
  entryId: (a, b) => ascending(a.entryId, b.entryId),
};

/** A total order as long as entry ids are unique, which every permutation of keys includes. */
export function tieBreakComparator(
  keys: readonly TieBreakKey[],
): (a: Comparable, b: Comparable) => number {
  const comparators = keys.map((key) => BY_KEY[key]);
  return (a, b) => {
    for (const compare of comparators) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  };
}
