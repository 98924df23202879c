import fc from 'fast-check';
import { ExactSum } from '@contest/ranking-engine';

describe('ExactSum', () => {
  it('is exact where naive addition loses the small terms', () => {
    // naive: (1e16 + 1) + 1 = 1e16 (each 1 is lost); exact: 1e16 + 2
    expect(1e16 + 1 + 1).toBe(1e16);
    expect(ExactSum.of([1e16, 1, 1])).toBe(1e16 + 2);
    // ten times the double nearest 0.1 rounds to exactly 1; naive addition gives 0.9999999999999999
    expect(
      Array<number>(10)
        .fill(0.1)
        .reduce((a, b) => a + b),
    ).toBe(0.9999999999999999);
    expect(ExactSum.of(Array<number>(10).fill(0.1))).toBe(1);
  });

  it('is 0 for no terms', () => {
    expect(new ExactSum().value()).toBe(0);
  });

  it('gives the same bits for any order of the same terms', () => {
    const termsAndPermutation = fc
      .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 40 })
      .chain((terms) =>
        fc.tuple(
          fc.constant(terms),
          fc.shuffledSubarray(terms, { minLength: terms.length, maxLength: terms.length }),
        ),
      );
    fc.assert(
      fc.property(termsAndPermutation, ([terms, permuted]) => {
        // + 0 folds -0 into 0: a sum of nothing but zeros may keep either sign
        expect(ExactSum.of(permuted) + 0).toBe(ExactSum.of(terms) + 0);
      }),
    );
  });
});
