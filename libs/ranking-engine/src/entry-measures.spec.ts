import fc from 'fast-check';
import { EntryTally } from './entry-tally';
import { measureEntry } from './entry-measures';
import { scoringOf, T0 } from '@contest/testing';

describe('measureEntry', () => {
  const rules = scoringOf({
    comments: { distinctAuthors: false },
    decay: { kind: 'exponential', halfLifeHours: 1.7 },
  });
  const asOfMs = T0.getTime() + 1000 * 60_000;

  it('gives the same bits for the same live votes and comments stored in any order', () => {
    // The rounded score would hide a last-bit difference, so the unrounded sums are compared.
    const items = fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 0, max: 200 }),
        value: fc.constantFrom<1 | -1>(1, -1),
        minute: fc.integer({ min: 0, max: 1000 }),
        author: fc.integer({ min: 0, max: 5 }),
      }),
      { selector: (item) => item.id, minLength: 1, maxLength: 60 },
    );
    const itemsAndPermutation = items.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    const measured = (
      list: readonly { id: number; value: 1 | -1; minute: number; author: number }[],
    ) => {
      const entry = new EntryTally('e', 'author', 'title', 'name', T0.getTime(), true);
      for (const { id, value, minute, author } of list) {
        const atMs = T0.getTime() + minute * 60_000;
        entry.setVote(`v${id}`, { value, atMs, eligible: true });
        entry.addComment(`c${id}`, { authorId: `a${author}`, atMs });
      }
      return measureEntry(entry, rules, asOfMs);
    };
    fc.assert(
      fc.property(itemsAndPermutation, ([list, permuted]) => {
        const [a, b] = [measured(list), measured(permuted)];
        expect(Object.is(a.up, b.up) && Object.is(a.down, b.down)).toBe(true);
        expect(Object.is(a.comments, b.comments)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
